#!/usr/bin/env bash
# Regenerates both SDKs from the platform API's OpenAPI document as the server serves it:
#   1. fetches {base}/openapi/v1.json into sdk/openapi.json (normalized: no `servers`, indented);
#   2. sdk/typescript/src/schema.ts with openapi-typescript (npm run generate);
#   3. sdk/dotnet/Notarial.Portal.Sdk/Generated/NotarialApi.g.cs with NSwag (from the NSwag.MSBuild package).
# Usage: sdk/generate.sh [base-url]   (default http://localhost:5080: start the portal with `dotnet run --project Portal.Server`)
# Portal.Tests' OpenApiFreshnessTests fails when sdk/openapi.json is no longer what the server serves.
set -euo pipefail
cd "$(dirname "$0")"
base="${1:-http://localhost:5080}"

curl -fsS "${base%/}/openapi/v1.json" | node normalize-openapi.mjs > openapi.json.tmp
mv openapi.json.tmp openapi.json
echo "generate.sh: sdk/openapi.json from ${base%/}/openapi/v1.json"

(cd typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent generate)

# NSwag's command line ships in the NSwag.MSBuild package the project references (restore puts it in the NuGet cache).
project=dotnet/Notarial.Portal.Sdk
dotnet restore "$project" >/dev/null
nswag_version=$(sed -n 's/.*"NSwag.MSBuild" Version="\([^"]*\)".*/\1/p' ../Directory.Packages.props)
nuget_root=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
nswag="${nuget_root%/}/nswag.msbuild/$nswag_version/tools/Net100/dotnet-nswag.dll"
dotnet "$nswag" openapi2csclient /input:openapi.json /output:"$project/Generated/NotarialApi.g.cs" \
  /namespace:Notarial.Portal.Sdk.Api /className:NotarialApi /generateClientInterfaces:true /clientBaseInterface: \
  /useBaseUrl:false /injectHttpClient:true /disposeHttpClient:false /jsonLibrary:SystemTextJson \
  /generateNullableReferenceTypes:true /generateOptionalPropertiesAsNullable:true /generateOptionalParameters:true \
  /operationGenerationMode:SingleClientFromOperationId /generateExceptionClasses:false /exceptionClass:NotarialApiException \
  /additionalNamespaceUsages:Notarial.Portal.Sdk >/dev/null

# The API's JSON names are snake_case; C# properties read better in PascalCase (the JSON names stay in the attributes).
perl -pi -e 's/(public \S+ )([A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)( \{ get; set; \})/$1.join("", map { ucfirst } split(\/_\/, $2)).$3/e' \
  "$project/Generated/NotarialApi.g.cs"
echo "generate.sh: sdk/typescript/src/schema.ts and $project/Generated/NotarialApi.g.cs regenerated"
