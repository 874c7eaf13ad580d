#!/usr/bin/env node
// Starts kinesalite (local Kinesis emulator) bound to 127.0.0.1.
// kinesalite's own CLI has no host flag, hence this wrapper.
// Usage: node kinesalite.js PORT [DATADIR]   (no DATADIR = in memory)
'use strict'

const port = parseInt(process.argv[2] || '4567', 10)
const dataDir = process.argv[3]

if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`kinesalite.js: invalid port "${process.argv[2]}"`)
  process.exit(2)
}

const options = {
  createStreamMs: 50,
  deleteStreamMs: 50,
  updateStreamMs: 50,
  // AWS's default account limit is 500 shards; the test suite creates a stream per test and each
  // benchmark round makes more, so the local limit is set high enough never to be what a test meets.
  shardLimit: 10000,
}
if (dataDir) options.path = dataDir

const server = require('kinesalite')(options)

server.on('error', (err) => {
  console.error(`kinesalite: ${err.message}`)
  process.exit(1)
})

server.listen(port, '127.0.0.1', () => {
  console.log(`kinesalite listening at http://127.0.0.1:${port}` + (dataDir ? ` (data in ${dataDir})` : ' (in memory)'))
})

let stopping = false
function shutdown(signal) {
  if (stopping) return
  stopping = true
  console.log(`kinesalite: ${signal} received, shutting down`)
  // Give the store a moment to close cleanly, but never hang.
  setTimeout(() => process.exit(0), 3000).unref()
  server.close((err) => {
    if (err) console.error(`kinesalite: close: ${err.message}`)
    process.exit(0)
  })
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
