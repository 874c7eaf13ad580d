# syntax=docker/dockerfile:1
# One Dockerfile for every service; the build arguments pick the service:
#
#   docker build \
#     --build-arg PROJECT_DIR=services/portfolio/StockMonitor.Portfolio \
#     --build-arg ASSEMBLY=StockMonitor.Portfolio.dll \
#     -t stockmonitor/portfolio .
#
# k8s/README.md has the loop that builds all six.

# The dashboard's charting library comes from npm, pinned by its package-lock.json, and the .NET SDK image has
# no node: install it here and hand node_modules to the build, whose MSBuild target then copies the library into
# wwwroot/lib instead of running npm itself. Only the two npm files are copied, so this layer is reused until
# they change; the other services' builds reuse it and ignore it.
FROM node:24-bookworm-slim AS web
WORKDIR /web
COPY services/dashboard/StockMonitor.Dashboard/package.json services/dashboard/StockMonitor.Dashboard/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT_DIR
ARG ASSEMBLY
RUN test -n "$PROJECT_DIR" && test -n "$ASSEMBLY" \
    || { echo "Set --build-arg PROJECT_DIR=... and --build-arg ASSEMBLY=... (see k8s/README.md)" >&2; exit 1; }
WORKDIR /src

# Restore from the project files alone, so this layer is reused until a dependency changes.
# .editorconfig is part of the build: it sets analyzer severities, and warnings are errors.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/*.csproj contracts/
COPY libs/StockMonitor.Auth/*.csproj libs/StockMonitor.Auth/
COPY libs/StockMonitor.Aws/*.csproj libs/StockMonitor.Aws/
COPY libs/StockMonitor.Kinesis/*.csproj libs/StockMonitor.Kinesis/
COPY libs/StockMonitor.Markets/*.csproj libs/StockMonitor.Markets/
COPY libs/StockMonitor.Lake/*.csproj libs/StockMonitor.Lake/
COPY libs/StockMonitor.ServiceDefaults/*.csproj libs/StockMonitor.ServiceDefaults/
COPY services/archive/StockMonitor.Archive/*.csproj services/archive/StockMonitor.Archive/
COPY services/dashboard/StockMonitor.Dashboard/*.csproj services/dashboard/StockMonitor.Dashboard/
COPY services/ingestion/StockMonitor.Bridge/*.csproj services/ingestion/StockMonitor.Bridge/
COPY services/ingestion/StockMonitor.Ingestion/*.csproj services/ingestion/StockMonitor.Ingestion/
COPY services/portfolio/StockMonitor.Portfolio/*.csproj services/portfolio/StockMonitor.Portfolio/
COPY services/pricing/StockMonitor.Pricing/*.csproj services/pricing/StockMonitor.Pricing/
RUN dotnet restore "$PROJECT_DIR"

COPY contracts/ contracts/
COPY libs/ libs/
COPY services/ services/
# .dockerignore keeps any local node_modules out of the context; this is the one installed above.
COPY --from=web /web/node_modules services/dashboard/StockMonitor.Dashboard/node_modules
# The publish output has a native launcher named after the assembly; the fixed name "service" lets one
# exec-form ENTRYPOINT start any of them without a shell (signals go straight to the .NET process). The link is
# made here because the runtime image has no shell; COPY keeps symbolic links inside the directory it copies.
# Paths stay relative to WORKDIR so DockerfileTests can run these RUN lines as written, without Docker.
RUN dotnet publish "$PROJECT_DIR" -c Release --no-restore -o out \
    && test -f "out/$ASSEMBLY" \
    && ln -s "${ASSEMBLY%.dll}" out/service
# Pricing and ingestion convert exchange times with TimeZoneInfo.FindSystemTimeZoneById("America/New_York"),
# which reads /usr/share/zoneinfo; the chiseled runtime has no tzdata, the SDK image has it (copied below).
RUN test -f /usr/share/zoneinfo/America/New_York

# Chiseled Ubuntu: no shell, no package manager, non-root by default. No ICU either, which the services do not
# use (Directory.Build.props sets InvariantGlobalization). Nothing below may need a shell: no RUN, exec-form
# ENTRYPOINT only. The -extra variant would bring tzdata too, but also ICU (tens of MB) that nothing here uses.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
COPY --from=build /usr/share/zoneinfo/ /usr/share/zoneinfo/
WORKDIR /app
COPY --from=build /src/out/ ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# APP_UID (1654) is the non-root "app" user the .NET images define (the chiseled image's default user too);
# stated here so the image says what it runs as, and the manifests' runAsUser is the same id.
USER $APP_UID
ENTRYPOINT ["/app/service"]
