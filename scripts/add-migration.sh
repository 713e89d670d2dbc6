#!/usr/bin/env bash
# Generates one migration, from the model, for both engines, with dotnet-ef:
#   scripts/add-migration.sh <Name> [StoreDbContext|OperatorDbContext]   (default StoreDbContext)
# SQLite's go to <folder>/Migrations, PostgreSQL's to <folder>/Migrations/Postgres (see Data/ProviderMigrations.cs).
# Both sets have a snapshot class of the same name, and dotnet-ef finds a snapshot's file by that name, so while one
# engine's migration is generated the other engine's snapshot file is set aside.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <Name> [StoreDbContext|OperatorDbContext]}
context=${2:-StoreDbContext}
case "$context" in
  StoreDbContext) folder=Data; namespace=CheapTokens.Blazor.Data.Migrations ;;
  OperatorDbContext) folder=Admin; namespace=CheapTokens.Blazor.Admin.Migrations ;;
  *) echo "unknown context $context" >&2; exit 2 ;;
esac
project=CheapTokens.Blazor
sqlite_snapshot="$project/$folder/Migrations/${context}ModelSnapshot.cs"
postgres_snapshot="$project/$folder/Migrations/Postgres/${context}ModelSnapshot.cs"

aside() { [ -f "$1" ] && mv "$1" "$1.aside" || true; }
back() { [ -f "$1.aside" ] && mv "$1.aside" "$1" || true; }
trap 'back "$sqlite_snapshot"; back "$postgres_snapshot"' EXIT

dotnet tool restore >/dev/null
dotnet build "$project" -v q -nologo >/dev/null

aside "$postgres_snapshot"
dotnet ef migrations add "$name" --no-build --project "$project" --context "$context" \
  --output-dir "$folder/Migrations" --namespace "$namespace"
back "$postgres_snapshot"

aside "$sqlite_snapshot"
dotnet ef migrations add "$name" --no-build --project "$project" --context "$context" \
  --output-dir "$folder/Migrations/Postgres" --namespace "$namespace.Postgres" -- --provider Postgres
back "$sqlite_snapshot"
