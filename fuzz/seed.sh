#!/bin/sh
# Fills fuzz/corpus/TARGET/ with seeds: the repository's test inputs and rules, and a
# size-capped sample of ../shared/corpus/data when it exists. Run from anywhere; the
# corpora are not committed (see .gitignore).
set -eu
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz_dir")
shared=${SHARED_CORPUS:-$repo/../shared/corpus/data}
max_bytes=${MAX_SEED_BYTES:-65536}
per_kind=${SEEDS_PER_KIND:-60}
corpus=$fuzz_dir/corpus

# copy TARGET FILE...: copies each file under 64 KB into the target's corpus, named by
# content hash so that reruns add nothing twice.
copy() {
    target=$1
    shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] || continue
        [ "$(wc -c < "$file")" -lt "$max_bytes" ] || continue
        name=$(sha1sum "$file" | cut -c1-40)
        cp "$file" "$corpus/$target/$name"
    done
}

# find_inputs DIR: infrastructure-looking files below DIR, sorted for a stable sample.
find_inputs() {
    find "$1" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \
        -o -name '*.template' -o -name '*.tfstate' \) | sort
}

local_inputs=$(find_inputs "$repo/testdata")
# shellcheck disable=SC2086 # word splitting of the file lists is intended (no spaces)
for target in document terraform cloudformation pipeline; do
    copy "$target" $local_inputs
done

if [ -d "$shared" ]; then
    for kind in "$shared"/*/; do
        # An even spread over each kind's files, at most $per_kind of them.
        files=$(find_inputs "$kind")
        count=$(printf '%s\n' "$files" | grep -c . || true)
        [ "$count" -gt 0 ] || continue
        step=$(( (count + per_kind - 1) / per_kind ))
        sample=$(printf '%s\n' "$files" | awk -v step="$step" 'NR % step == 0')
        case $(basename "$kind") in
            tfplan | tfstate) targets="terraform pipeline" ;;
            *) targets="document cloudformation pipeline" ;;
        esac
        for target in $targets; do
            copy "$target" $sample
        done
    done
fi

# tf_seeds DIR...: each directory below DIR holding .tf files, its files joined into one
# seed (the target's main.tf part), at most $per_kind directories of each DIR.
tf_seeds() {
    mkdir -p "$corpus/terraform_source"
    for top in "$@"; do
        [ -d "$top" ] || continue
        dirs=$(find "$top" -type f -name '*.tf' -exec dirname {} \; | sort -u)
        count=$(printf '%s\n' "$dirs" | grep -c . || true)
        [ "$count" -gt 0 ] || continue
        step=$(( (count + per_kind - 1) / per_kind ))
        for dir in $(printf '%s\n' "$dirs" | awk -v step="$step" 'NR % step == 0'); do
            seed=$(mktemp)
            cat "$dir"/*.tf > "$seed"
            copy terraform_source "$seed"
            rm -f "$seed"
        done
        # Files in the JSON syntax go to the fifth part, after four empty ones.
        for file in $(find "$top" -type f -name '*.tf.json' | sort); do
            seed=$(mktemp)
            printf '\000\000\000\000' > "$seed"
            cat "$file" >> "$seed"
            copy terraform_source "$seed"
            rm -f "$seed"
        done
    done
}
tf_seeds "$repo/testdata" "${SHARED_TF_CORPUS:-$repo/../shared/corpus-tf/data}"

copy rule $(find "$repo/rules" "$repo/testdata" -type f -name '*.rule' | sort)

# Rules whose one `let` is a chain just inside the nesting limit (63 links below the `let`),
# so that a mutation adding a link or two crosses it.
chain_seed() {
    name=$1
    expression=$2
    mkdir -p "$corpus/rule"
    printf 'rule T1 chain {\n  level: error\n  security-severity: 5.0\n  scope: resource\n  summary: "s"\n  description: "d"\n  help: "h"\n}\nlet v = %s\nfor role in roles {\n  require not exists v << {role.name} >>\n}\n' \
        "$expression" > "$corpus/rule/chain-$name"
}
repeat() {
    awk -v text="$1" -v times="$2" 'BEGIN { for (i = 0; i < times; i++) printf "%s", text }'
}
chain_seed not "$(repeat 'not ' 63)true"
chain_seed and "true$(repeat ' and true' 63)"
chain_seed or "true$(repeat ' or false' 63)"
chain_seed every "roles$(repeat '[*]' 63)"

for target in document terraform cloudformation pipeline rule terraform_source; do
    printf '%s: %s seeds\n' "$target" "$(find "$corpus/$target" -type f | wc -l)"
done
