#!/usr/bin/env bash
# Generates one migration, from the model, for both engines, with dotnet-ef:
#   scripts/add-migration.sh <Name> [StoreDbContext|OperatorDbContext|StandInsDbContext]   (default StoreDbContext)
# SQLite's go to <folder>/Migrations, PostgreSQL's to <folder>/Migrations/Postgres (see Data/ProviderMigrations.cs).
# Both sets have a snapshot class of the same name, and dotnet-ef finds a snapshot's file by that name, so while one
# engine's migration is generated the other engine's snapshot file is set aside.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <Name> [StoreDbContext|OperatorDbContext|StandInsDbContext]}
context=${2:-StoreDbContext}
# The stand-ins' context lives in its own project; the app is the start-up project dotnet-ef runs (a library is not).
project=CheapTokens.Blazor
case "$context" in
  StoreDbContext) folder=Data; namespace=CheapTokens.Blazor.Data.Migrations ;;
  OperatorDbContext) folder=Admin; namespace=CheapTokens.Blazor.Admin.Migrations ;;
  StandInsDbContext) folder=Data; namespace=CheapTokens.StandIns.Data.Migrations; project=CheapTokens.StandIns ;;
  *) echo "unknown context $context" >&2; exit 2 ;;
esac
startup=CheapTokens.Blazor
sqlite_snapshot="$project/$folder/Migrations/${context}ModelSnapshot.cs"
postgres_snapshot="$project/$folder/Migrations/Postgres/${context}ModelSnapshot.cs"

# A context's first migration puts its snapshot in a folder named after the namespace: move it where later runs look.
settle() {
  local found
  found=$(find "$project" -name "${context}ModelSnapshot.cs" -not -path "*/bin/*" -not -path "*/obj/*" \
    -not -path "$sqlite_snapshot" -not -path "$postgres_snapshot" | head -n 1)
  if [ -n "$found" ]; then mkdir -p "$(dirname "$1")"; mv "$found" "$1"; rmdir -p --ignore-fail-on-non-empty "$(dirname "$found")"; fi
}
aside() { [ -f "$1" ] && mv "$1" "$1.aside" || true; }
back() { [ -f "$1.aside" ] && mv "$1.aside" "$1" || true; }
trap 'back "$sqlite_snapshot"; back "$postgres_snapshot"' EXIT

dotnet tool restore >/dev/null
dotnet build "$startup" -v q -nologo >/dev/null

aside "$postgres_snapshot"
dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$startup" --context "$context" \
  --output-dir "$folder/Migrations" --namespace "$namespace"
settle "$sqlite_snapshot"
back "$postgres_snapshot"

aside "$sqlite_snapshot"
dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$startup" --context "$context" \
  --output-dir "$folder/Migrations/Postgres" --namespace "$namespace.Postgres" -- --provider Postgres
settle "$postgres_snapshot"
back "$sqlite_snapshot"
