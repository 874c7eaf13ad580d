// Every CDK call goes to the one jsii runtime (a node process) of the test process: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
