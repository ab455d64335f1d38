#!/usr/bin/env bash
# End-to-end tests of the citizenfocus command line: outputs, exit statuses, messages.
# Usage: cli_test.sh BINARY TESTS_DIR
set -u
bin="$1"
dir="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=support/checks.sh
source "$(dirname "$0")/support/checks.sh"
# The stores this test keeps: SQLite files, or schemas on PostgreSQL (checks.sh's test_store).
for name in today store pu demo other assess repeat; do
  url=$(test_store "$tmp" "$name") || exit 1
  declare "${name}_db=$url"
done

check "add over Christmas" "2024-12-27" "$("$bin" workdays add 2024-12-24 1)"
check "add five over New Year" "2025-01-02" "$("$bin" workdays add 2024-12-23 5)"
check "count" "5" "$("$bin" workdays count 2024-12-23 2025-01-02)"
"$bin" workdays add 2030-01-01 1 >/dev/null 2>"$tmp/err"; check "out of data exits 3" "3" "$?"
contains "out of data says why" "outside the holiday data" "$(cat "$tmp/err")"
"$bin" --db "$today_db" serve --listen 127.0.0.1:1 --today 2099-01-01 >/dev/null 2>"$tmp/today.err"
check "serve --today past the calendar is a usage error" "2" "$?"
check "and says where the calendar ends" "1" "$(grep -c 'outside the working-day calendar' "$tmp/today.err")"
"$bin" workdays add 2024-13-01 1 >/dev/null 2>&1; check "bad date is usage" "2" "$?"
out=$(printf '2024-12-24 1\nnonsense\n2024-12-06 1\n2027-12-31 3\n' | "$bin" workdays add -); rc=$?
check "stdin: one line per input" $'2024-12-27\nerror: expected "DATE N"\n2024-12-09\nerror: 3 working days after 2027-12-31 lies past the holiday data, which ends 2027-12-31' "$out"
check "stdin: failures exit non-zero" "1" "$rc"

for rs in 2006 2015 2020; do
  "$bin" obligations --ruleset "code-$rs" --as-of 2025-03-31 --format csv "$dir/examples/cases.jsonl" >"$tmp/$rs.csv"
  check "obligations code-$rs exit" "0" "$?"
  check "obligations code-$rs header" "crime,person,duty,instance,trigger_event,trigger_date,deadline,enhanced,status,met_at" "$(head -1 "$tmp/$rs.csv")"
  check "obligations code-$rs rows" "$(tail -n +2 "$dir/examples/expected-code-$rs-as-of-2025-03-31.csv" | sort)" "$(tail -n +2 "$tmp/$rs.csv" | sort)"
done
json=$("$bin" obligations --ruleset code-2020 --as-of 2025-03-31 --format json "$dir/examples/cases.jsonl")
contains "json format" '"duty":"arrest"' "$json"
contains "json source" '"source":"Code 2020, Right 6' "$json"
table=$("$bin" obligations --as-of 2025-03-31 --format table "$dir/examples/cases.jsonl")
contains "table format" "Fri 3 Jan 2025" "$table"

printf '%s\n' '{"id":"x1","type":"crime.recorded","crime":"Q/1","at":"2024-03-01T10:00:00Z","crime_type":"Burglary"}' \
  '{"id":"x2","type":"person.added","crime":"Q/1","at":"2024-03-01","person":"V1","role":"victim"}' \
  '{"id":"x3","type":"contact.made","crime":"Q/1","at":"2024-03-02T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"}' >"$tmp/bad.jsonl"
"$bin" obligations --as-of 2025-03-31 "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"; check "invalid input exits 3" "3" "$?"
contains "line 2 reported" "bad.jsonl:2: field \"at\"" "$(cat "$tmp/err")"
contains "line 3 reported" "bad.jsonl:3: field \"person\": person \"V1\" has not been added" "$(cat "$tmp/err")"
check "nothing printed for invalid input" "" "$(cat "$tmp/out")"
"$bin" obligations --ruleset code-1999 "$dir/examples/cases.jsonl" >/dev/null 2>"$tmp/err"; check "unknown rule set is usage" "2" "$?"
contains "unknown rule set lists known ones" "code-2020" "$(cat "$tmp/err")"
"$bin" obligations --format xml "$dir/examples/cases.jsonl" >/dev/null 2>&1; check "unknown format is usage" "2" "$?"

exp=$("$bin" explain --ruleset code-2006 --crime EX/3/07 --person V1 --duty closure --as-of 2025-03-31 "$dir/examples/cases.jsonl")
contains "explain skips the May bank holiday" "Mon 7 May 2007: skipped, bank holiday (Early May bank holiday)" "$exp"
exp=$("$bin" explain --ruleset code-2020 --crime EX/2/24 --person V1 --duty bail --as-of 2025-03-31 "$dir/examples/cases.jsonl")
contains "explain says why enhanced" "crime flagged domestic_abuse" "$exp"
contains "explain names the representative" "That contact was with G1, who represents V1" "$exp"
"$bin" explain --crime EX/1/24 --person V1 --duty charge --as-of 2025-03-31 "$dir/examples/cases.jsonl" >/dev/null 2>&1
check "explain of a missing obligation exits 3" "3" "$?"

printf 'id = "p"\ntitle = "t"\nsource = "s"\n[rag]\nred_after_overdue_working_days = 0\n' >"$tmp/bad.toml"
"$bin" rules check "$tmp/bad.toml" >/dev/null 2>"$tmp/err"; check "bad policy exits 3" "3" "$?"
contains "bad policy names line and key" "bad.toml:5: rag: \"red_after_overdue_working_days\" must be a positive whole number" "$(cat "$tmp/err")"
contains "rules list" "witness-charter-2013" "$("$bin" rules list)"

"$bin" generate --seed 5 --crimes 50 --to 2025-03-31 -o "$tmp/force.jsonl"; check "generate exit" "0" "$?"
"$bin" generate --seed 5 --crimes 50 --to 2025-03-31 -o "$tmp/force2.jsonl"
check "generate is deterministic" "$(md5sum <"$tmp/force.jsonl")" "$(md5sum <"$tmp/force2.jsonl")"
q=$("$bin" queue --as-of 2025-03-31 "$tmp/force.jsonl"); check "queue exit" "0" "$?"
contains "queue header" "Work queue as of Mon 31 Mar 2025" "$q"
first_rag=$(echo "$q" | sed -n 4p | awk '{print $1}')
check "most urgent first" "red" "$first_rag"

# --- the case store ---
db="$store_db"
"$bin" import "$dir/examples/cases.jsonl" >/dev/null 2>&1; check "import without --db is usage" "2" "$?"
out=$("$bin" --db "$db" import "$dir/examples/cases.jsonl"); check "import exit" "0" "$?"
contains "import summary" "28 lines, 28 new events, 0 already stored, 0 rejected; 4 cases updated" "$out"
out=$("$bin" --db "$db" import "$dir/examples/cases.jsonl")
contains "re-import changes nothing" "0 new events, 28 already stored" "$out"
"$bin" --db "$db" import "$tmp/bad.jsonl" >/dev/null 2>"$tmp/err"; check "bad file exits 3" "3" "$?"
contains "bad file names its lines" "bad.jsonl:2: field \"at\"" "$(cat "$tmp/err")"
contains "bad file imports nothing" "nothing imported from this file" "$(cat "$tmp/err")"
"$bin" --db "$db" import --skip-invalid --rejects "$tmp/rejects.jsonl" "$tmp/bad.jsonl" >"$tmp/out" 2>/dev/null
check "skip-invalid exits 0" "0" "$?"
contains "skip-invalid imports the good line" "1 new events" "$(cat "$tmp/out")"
check "rejects file has the bad lines" "2" "$(wc -l <"$tmp/rejects.jsonl" | tr -d ' ')"
# Issue 12, class 7: a directory is not a file of events (it used to import as nothing).
mkdir -p "$tmp/a-folder"
"$bin" --db "$db" import "$tmp/a-folder" >/dev/null 2>"$tmp/err"; check "importing a directory exits 3" "3" "$?"
contains "and says it is a directory" "is a directory" "$(cat "$tmp/err")"
# Issue 12, class 3: write errors. Output lost to a full disk is a failure, not a success.
"$bin" --db "$db" due --format csv >/dev/full 2>"$tmp/err"; check "output to a full disk exits 74" "74" "$?"
contains "and says so" "No space left on device" "$(cat "$tmp/err")"
"$bin" --db "$db" workdays add 2024-12-24 1 >/dev/full 2>/dev/null; check "any output to a full disk fails (74)" "74" "$?"
contains "rejects carry reasons and text" '"line":2,"reason":"field \"at\"' "$(cat "$tmp/rejects.jsonl")"
"$bin" --db "$db" import --rejects "$tmp/r2.jsonl" "$tmp/bad.jsonl" >/dev/null 2>&1; check "rejects without skip is usage" "2" "$?"
due=$("$bin" --db "$db" due --as-of 2025-03-31 --officer PC101 --format csv)
check "due csv header" "rag,status,deadline,working_days_overdue,crime,person,duty,instance,enhanced,officer,unit,what" "$(echo "$due" | head -1)"
contains "due lists the overdue leaflet" "red,overdue,2025-01-02," "$due"
contains "due says what to do" "Give them the 'Information for Victims of Crime' leaflet" "$due"
check "due is officer-scoped" "" "$(echo "$due" | tail -n +2 | grep -v ',PC101,')"
contains "due json" '"total":' "$("$bin" --db "$db" due --as-of 2025-03-31 --unit N1 --format json)"
"$bin" --db "$db" due --officer PC1 --unit N1 >/dev/null 2>&1; check "officer and unit is usage" "2" "$?"
comp=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --by duty --format csv)
check "compliance header" "duty,met,met_late,overdue,not_required,open,on_time_rate,ci95_low,ci95_high" "$(echo "$comp" | head -1)"
contains "compliance arrest row" "arrest,1,0,0,0,0,1.0000," "$comp"
met=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --preset met-priority --format csv)
check "met preset only its four measures" "" "$(echo "$met" | tail -n +2 | cut -d, -f1 | grep -v -E '^(not_investigated|refer_support|periodic_update|arrest)$')"
"$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --by colour >/dev/null 2>&1; check "bad --by is usage" "2" "$?"
two=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --by unit --by duty --format csv)
check "two --by: a column each" "unit,duty,met,met_late,overdue,not_required,open,on_time_rate,ci95_low,ci95_high" "$(echo "$two" | head -1)"
sum() { tail -n +2 | awk -F, -v c="$1" '{ s += $c } END { print s + 0 }'; }
check "two --by count what one counts" "$(echo "$comp" | sum 2)" "$(echo "$two" | sum 3)"
months=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --by month --format csv)
check "by month: YYYY-MM" "" "$(echo "$months" | tail -n +2 | cut -d, -f1 | grep -v -E '^20[0-9]{2}-[01][0-9]$')"
all=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --for all --format csv)
wit=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --for witnesses --format csv)
vic=$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --as-of 2025-03-31 --format csv)
check "victims and witnesses make all" "$(echo "$all" | sum 2)" "$(( $(echo "$vic" | sum 2) + $(echo "$wit" | sum 2) ))"
contains "by bcu: units without one say so" "no BCU," "$("$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --by bcu --format csv)"
"$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --by unit --by unit >/dev/null 2>&1; check "the same --by twice is usage" "2" "$?"
"$bin" --db "$db" compliance --from 2024-01-01 --to 2025-03-31 --for everyone >/dev/null 2>&1; check "bad --for is usage" "2" "$?"
exp=$("$bin" --db "$db" explain --ruleset code-2020 --crime EX/1/24 --person V1 --duty arrest --as-of 2025-03-31)
contains "explain from the store" "Deadline: Fri 3 Jan 2025" "$exp"
check "obligations from the store match the file" "$(sort "$tmp/2020.csv")" \
  "$("$bin" --db "$db" obligations --ruleset code-2020 --as-of 2025-03-31 | grep -v '^Q/1,' | sort)"
"$bin" explain --crime EX/1/24 --person V1 --duty arrest >/dev/null 2>&1; check "explain without FILE or --db is usage" "2" "$?"
out=$("$bin" --db "$db" recompute --ruleset code-2006); check "recompute exit" "0" "$?"
contains "recompute summary" "recomputed 5 cases under code-2006" "$out"
pu=$("$bin" --db "$pu_db" import-police-uk --street "$dir/data/police-uk/2019-01-city-of-london-street.csv")
contains "police.uk street summary" "520 new crimes, 4 repeating a Crime ID, 93 not crimes" "$pu"
"$bin" --db "$pu_db" import-police-uk --street "$dir/data/police-uk/2019-01-metropolitan-burglary-outcomes.csv" >/dev/null 2>"$tmp/err"
check "outcomes file as street exits 3" "3" "$?"
contains "says which columns are missing" "lacks \"Crime type\"" "$(cat "$tmp/err")"
contains "advance" "brought" "$("$bin" --db "$pu_db" advance --to 2019-06-30)"

# --- the demo force ---
out=$("$bin" --db "$demo_db" demo --crimes 150 --password "a demo password 1"); check "demo exit" "0" "$?"
contains "demo summary" "150 crimes" "$out"
check "demo has self-assessments" "3" "$("$bin" --db "$demo_db" assess list | wc -l | tr -d ' ')"
"$bin" --db "$demo_db" demo --crimes 10 >/dev/null 2>"$tmp/err"; check "demo into a used store exits 3" "3" "$?"
contains "demo refuses a used store" "needs an empty store" "$(cat "$tmp/err")"
contains "demo accounts exist" "created_token" "$("$bin" --db "$demo_db" token create --user sgt.n1 >/dev/null; "$bin" --db "$demo_db" audit --limit 1)"
# Issue 13: several serving threads share one port, and every view is committed to the audit
# log before it is answered (the threads' records commit together).
port=$(free_port)
token=$("$bin" --db "$demo_db" token create --user sgt.n1 | tail -1)
"$bin" --db "$demo_db" serve --listen "127.0.0.1:$port" --threads 3 >"$tmp/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
contains "serve says how many threads" "with 3 thread(s)" "$(cat "$tmp/serve.out")"
"$bin" --db "$other_db" serve --listen "127.0.0.1:$port" --threads 2 >/dev/null 2>"$tmp/err"
check "a second server on a port in use is refused, not sharing it" "1" "$([ $? -ne 0 ] && echo 1)"
contains "and says why" "cannot listen on 127.0.0.1:$port" "$(cat "$tmp/err")"
audited() { q "$demo_db" "SELECT count(*) FROM audit_log WHERE user_name = 'sgt.n1'"; }
before=$(audited)
codes=$(seq 60 | xargs -P 12 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/queue" | sort | uniq -c | xargs)
after=$(audited)
kill "$serve_pid"; wait "$serve_pid"; serve_rc=$?
check "60 queue requests at once, 12 at a time, all answered" "60 200" "$codes"
check "each view in the audit log by the time it was answered" "60" "$((after - before))"
check "the server stops cleanly on SIGTERM" "0" "$serve_rc"
echo "a long enough password" | "$bin" --db "$demo_db" user add --name "Not Valid" --role officer --unit Z9 --officer PC9 >/dev/null 2>"$tmp/err"
check "an account the admin page would refuse is refused" "3" "$?"
check "and the unit it named is not left behind" "0" "$(q "$demo_db" "SELECT count(*) FROM units WHERE id = 'Z9'")"
echo "a long enough password" | "$bin" --db "$demo_db" user add --name pc9 --role officer --unit Z9 --officer PC9 >/dev/null
check "a valid one adds its new unit with it" "1" "$(q "$demo_db" "SELECT count(*) FROM units WHERE id = 'Z9'")"
away_from=$(date -d "+30 days" +%F); away_to=$(date -d "+34 days" +%F)
contains "leave add" "PC1001 away $away_from to $away_to" "$("$bin" --db "$demo_db" leave add --officer PC1001 --from "$away_from" --to "$away_to")"
"$bin" --db "$demo_db" leave add --officer PC1001 --from "$away_to" --to "$away_from" >/dev/null 2>&1; check "leave backwards is usage" "2" "$?"
# Issue 12, class 1: a mistyped year is refused (exit 3, invalid input), not stored as leave decades away.
far_leave=$("$bin" --db "$demo_db" leave add --officer PC1001 --from "$away_from" --to 2099-01-01 2>&1); check "leave decades ahead is refused" "3" "$?"
contains "leave range is named" "Last day away: enter a date from" "$far_leave"

# --- letters ---
cat >"$tmp/letter.jsonl" <<'EOF2'
{"id":"lt1","type":"crime.recorded","crime":"LT/1","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1001"}
{"id":"lt2","type":"person.added","crime":"LT/1","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"title":"Ms","given":"Ann","family":"Lee"}}
{"id":"lt3","type":"person.added","crime":"LT/1","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","name":{"title":"Mr","family":"Cole"}}
{"id":"lt4","type":"contract.agreed","crime":"LT/1","at":"2024-12-02T10:00:00Z","person":"V2","wants_updates":true,"safe_to_contact":{"letter":false}}
EOF2
"$bin" --db "$demo_db" import "$tmp/letter.jsonl" >/dev/null
# The portal's messages carry a person's own link: never written by hand.
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template portal_invitation --no-address -o "$tmp/invite.pdf" >/dev/null 2>"$tmp/err"
check "a portal invitation by hand is a usage error" "2" "$?"
contains "and says how it is sent" "portal_invitation is sent by the portal" "$(cat "$tmp/err")"
check "no invitation written" "no" "$([ -e "$tmp/invite.pdf" ] && echo yes || echo no)"
# Issue 13: no address on record, no letter (exit 3, naming the person), unless it goes by hand.
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest -o "$tmp/arrest.pdf" >/dev/null 2>"$tmp/err"
check "a letter with no address exits 3" "3" "$?"
contains "and names the person" "LT/1 V1 (Ms Ann Lee) has no postal address on record" "$(cat "$tmp/err")"
check "nothing written" "no" "$([ -e "$tmp/arrest.pdf" ] && echo yes || echo no)"
out=$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest --no-address -o "$tmp/by-hand.pdf"); check "--no-address: delivered by hand" "0" "$?"
contains "by hand audited" "no address: delivered by hand" "$("$bin" --db "$demo_db" audit --limit 1)"
# The address added afterwards, as an event: the letter then goes, addressed.
cat >"$tmp/details.jsonl" <<'EOF2'
{"id":"lt-d1","type":"person.details_changed","crime":"LT/1","at":"2024-12-03T10:00:00Z","person":"V1","contact":{"address":"4 Ash Grove, Leeds","postcode":"LS2 2BB"}}
EOF2
"$bin" --db "$demo_db" import "$tmp/details.jsonl" >/dev/null; check "details change imported" "0" "$?"
printf '%s\n' '{"id":"lt-d2","type":"person.details_changed","crime":"LT/1","at":"2024-12-03T10:00:00Z","person":"V1","contact":{"postcode":"not a postcode"}}' >"$tmp/bad-details.jsonl"
"$bin" --db "$demo_db" import "$tmp/bad-details.jsonl" >/dev/null 2>"$tmp/err"; check "a bad postcode exits 3" "3" "$?"
contains "says which field" 'field "contact.postcode": "not a postcode" is not a UK postcode' "$(cat "$tmp/err")"
out=$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest -o "$tmp/arrest.pdf"); check "letter exit" "0" "$?"
contains "addressed as corrected" "LS2 2BB" "$(pdftotext "$tmp/arrest.pdf" -)"
contains "letter summary" "1 letter (arrest, English, standard print)" "$out"
# Issue 17: the letter that meets a duty, in the language and format the person's needs ask.
out=$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty information_leaflet -o "$tmp/leaflet.pdf"); check "letter --duty exit" "0" "$?"
contains "the duty's letter" "What happens next, and the help you can get" "$(pdftotext "$tmp/leaflet.pdf" -)"
contains "names its template" "1 letter (information_leaflet, English, standard print)" "$out"
contains "audited with its duty" "information_leaflet, for the duty information_leaflet (English, standard print)" "$("$bin" --db "$demo_db" audit --limit 1)"
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty arrest -o "$tmp/x.pdf" >/dev/null 2>"$tmp/err"
check "a duty not owed exits 3" "3" "$?"
contains "and says what is owed" 'V1 on LT/1 is owed no duty "arrest": they are owed information_leaflet' "$(cat "$tmp/err")"
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty arrest --template arrest -o "$tmp/x.pdf" >/dev/null 2>&1
check "--duty and --template together is usage" "2" "$?"
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty periodic_update --lang cy --easy-read -o "$tmp/x.pdf" >/dev/null 2>"$tmp/err"
check "Welsh easy read is usage" "2" "$?"
contains "and says why" "easy-read letters are in English only" "$(cat "$tmp/err")"
audited=$(q "$demo_db" "SELECT count(*) FROM audit_log WHERE action = 'letter_produced'")
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest -o /dev/full >/dev/null 2>"$tmp/err"
check "a letter to a full disk exits 3" "3" "$?"
contains "and says why" "No space left on device" "$(cat "$tmp/err")"
check "and is not audited as produced" "$audited" "$(q "$demo_db" "SELECT count(*) FROM audit_log WHERE action = 'letter_produced'")"
contains "letter text" "Dear Ms Lee" "$(pdftotext "$tmp/arrest.pdf" -)"
contains "demo force signs its letters" "Demoshire Police" "$(pdftotext "$tmp/arrest.pdf" -)"
contains "sms measured" "GSM 7-bit, 1 segment" "$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest --sms)"
contains "welsh sms is UCS-2" "UCS-2" "$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest --lang cy --sms)"
"$bin" --db "$demo_db" letter --crime LT/1 --person V2 --template arrest -o "$tmp/unsafe.pdf" >/dev/null 2>"$tmp/err"
check "unsafe letter exits 3" "3" "$?"
contains "unsafe letter says why" "letters are not safe" "$(cat "$tmp/err")"
check "unsafe letter not written" "no" "$([ -e "$tmp/unsafe.pdf" ] && echo yes || echo no)"
contains "suppression audited" "letter_suppressed" "$("$bin" --db "$demo_db" audit --limit 1)"
"$bin" --db "$demo_db" letter --crime LT/1 --person V1 --template arrest --lang fr -o "$tmp/x.pdf" >/dev/null 2>&1
check "unknown language is usage" "2" "$?"
printf '%s\n' '{"id":"lt-d3","type":"person.details_changed","crime":"LT/1","at":"2024-12-04T10:00:00Z","person":"V1","language":"Welsh","format":"large_print"}' >"$tmp/needs.jsonl"
"$bin" --db "$demo_db" import "$tmp/needs.jsonl" >/dev/null
out=$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty periodic_update -o "$tmp/update.pdf")
contains "their needs choose Welsh large print" "1 letter (periodic_update, Welsh, large print)" "$out"
contains "written in Welsh" "Annwyl Ms Lee" "$(pdftotext "$tmp/update.pdf" -)"
out=$("$bin" --db "$demo_db" letter --crime LT/1 --person V1 --duty periodic_update --lang en --easy-read -o "$tmp/easy.pdf")
contains "the officer overrides: easy read" "1 letter (periodic_update, English, easy read)" "$out"
contains "easy read words" "Your crime number: LT/1" "$(pdftotext "$tmp/easy.pdf" -)"

# --- referrals to Victim Support ---
out=$("$bin" --db "$demo_db" referrals export --to "$tmp/drop"); check "referrals export exit" "0" "$?"
contains "referrals export summary" "referrals" "$out"
file=$(ls "$tmp/drop"/referrals-*.csv | head -1)
contains "referral file header" "referral_key,crime,crime_type" "$(head -1 "$file")"
contains "referral for LT/1 V1" "LT/1|V1|" "$(cat "$file")"
check "no partial file left" "" "$(ls -A "$tmp/drop" | grep partial || true)"
check "a second export sends nobody twice" "no referrals due" "$("$bin" --db "$demo_db" referrals export --to "$tmp/drop")"
"$bin" --db "$demo_db" referrals export --to "$tmp/drop" --format xml >/dev/null 2>&1; check "bad format is usage" "2" "$?"

out=$("$bin" --db "$demo_db" referrals resend --key "$(sed -n 2p "$file" | cut -d, -f1)" --to "$tmp/resend"); check "resend exit" "0" "$?"
contains "resend summary" "resent 1 referral to $tmp/resend/referrals-resent-" "$out"
check "resent file carries the same key" "$(sed -n 2p "$file" | cut -d, -f1)" "$(sed -n 2p "$tmp/resend"/referrals-resent-*.csv | cut -d, -f1)"
"$bin" --db "$demo_db" referrals resend --key "X/1|V1|x" --to "$tmp/resend" >/dev/null 2>"$tmp/err"; check "resend unknown key exits 3" "3" "$?"
"$bin" --db "$demo_db" referrals resend --to "$tmp/resend" >/dev/null 2>&1; check "resend needs a selection" "2" "$?"

# --- Victim Support's statuses ---
key=$(sed -n 2p "$file" | cut -d, -f1)
contains "referrals list shows sent" "sent" "$("$bin" --db "$demo_db" referrals list | grep -F "$key")"
# Victim Support's word is dated now (after the referral was sent); one from the future is refused.
said_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'referral_key,status,at,note\n%s,accepted,%s,Case worker assigned\n' "$key" "$said_at" >"$tmp/vs.csv"
check "referrals update" "$tmp/vs.csv: 1 update, 1 changed" "$("$bin" --db "$demo_db" referrals update "$tmp/vs.csv")"
check "referrals update twice changes nothing" "$tmp/vs.csv: 1 update, 0 changed" "$("$bin" --db "$demo_db" referrals update "$tmp/vs.csv")"
contains "status shown" "accepted   $said_at  LT/1|V1|lt1  Case worker assigned" "$("$bin" --db "$demo_db" referrals list --status accepted)"
printf 'referral_key,status,at\n%s,lost,%s\n' "$key" "$said_at" >"$tmp/vs-bad.csv"
printf 'referral_key,status,at\n%s,closed,2099-01-03T10:00:00Z\n' "$key" >"$tmp/vs-future.csv"
"$bin" --db "$demo_db" referrals update "$tmp/vs-future.csv" >/dev/null 2>"$tmp/future.err"; check "a status from the future is refused" "3" "$?"
contains "and says so" "is in the future" "$(cat "$tmp/future.err")"
"$bin" --db "$demo_db" referrals update "$tmp/vs-bad.csv" >/dev/null 2>"$tmp/err"; check "bad update exits 3" "3" "$?"
contains "bad update names line and field" "vs-bad.csv:2: status: \"lost\" is not one of" "$(cat "$tmp/err")"

# --- the worker: the outbox and the referral feed on a schedule, from a config file ---
printf '[smtp]\npassword = "x"\n' >"$tmp/bad.toml"
"$bin" --db "$demo_db" --config "$tmp/bad.toml" worker --once >/dev/null 2>"$tmp/err"; check "secret in config exits 3" "3" "$?"
contains "secret in config names the line" "bad.toml:2: [smtp] password: secrets are not kept in the file" "$(cat "$tmp/err")"
cat >"$tmp/worker.jsonl" <<'EOF2'
{"id":"lt5","type":"person.added","crime":"LT/1","at":"2024-12-02T10:00:00Z","person":"V3","role":"victim","name":{"title":"Dr","family":"Khan"},"contact":{"email":"khan@example.org"}}
EOF2
"$bin" --db "$demo_db" import "$tmp/worker.jsonl" >/dev/null
contains "email queued" "queued: outbox" "$("$bin" --db "$demo_db" send --crime LT/1 --person V3 --template arrest --by PC1001)"
contains "a message sent from the CLI is audited as its sender" "queued_message   LT/1" "$("$bin" --db "$demo_db" audit --user PC1001 --limit 1)"
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 "$dir/support/smtp_sink.py" "$port" "$tmp/mail" >/dev/null 2>&1 & sink=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
printf '[smtp]\nurl = "smtp://127.0.0.1:%s"\nfrom = "updates@demoshire.example"\n[referrals]\nfolder = "%s"\nformat = "json"\n[schedule]\ndispatch = "1s"\nreferrals = "1s"\n' \
  "$port" "$tmp/drop2" >"$tmp/cf.toml"
"$bin" --db "$demo_db" --config "$tmp/cf.toml" worker >"$tmp/worker.log" 2>&1 & worker=$!
for _ in $(seq 100); do ls "$tmp/mail"/*.eml >/dev/null 2>&1 && ls "$tmp/drop2"/*.json >/dev/null 2>&1 && break; sleep 0.2; done
kill -TERM "$worker"; wait "$worker"; check "worker stops cleanly on SIGTERM" "0" "$?"
kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null
contains "worker sent the email" "To: <khan@example.org>" "$(cat "$tmp/mail"/*.eml)"
contains "worker queued the shift and team digests" "digests: queued findings 0 (0 reviews), shift" "$(cat "$tmp/worker.log")"
contains "worker dropped the referral" "referrals: 1 to $tmp/drop2/referrals-" "$(cat "$tmp/worker.log")"
contains "worker says it stopped" "worker: stopped" "$(cat "$tmp/worker.log")"
contains "email from the config's sender" "updates@demoshire.example" "$(cat "$tmp/mail"/*.eml)"
contains "referral for V3" "LT/1|V3|" "$(cat "$tmp/drop2"/*.json)"
check "delivered email counts as a contact" "delivered" "$("$bin" --db "$demo_db" outbox list --crime LT/1 | awk '$3 == "email" {print $2}')"

# --- the self-assessment (its own store: the demo has assessments of its own) ---
out=$("$bin" --db "$assess_db" assess template --scope "North BCU" --date 2026-11-01 --assessor "Supt K Lee" -o "$tmp/blank.csv"); check "assess template exit" "0" "$?"
check "template has 21 indicators" "22" "$(wc -l <"$tmp/blank.csv" | tr -d ' ')"
/usr/bin/python3 - "$tmp/blank.csv" "$tmp/scores.csv" <<'EOF2'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
for r in rows[1:]:  # component N scores N mod 5; 3.2 left unscored
    r[6] = "" if r[4] == "3.2" else str(int(r[3]) % 5)
csv.writer(open(sys.argv[2], "w", newline="")).writerows(rows)
EOF2
check "assess import" "assessment 1: imported" "$("$bin" --db "$assess_db" assess import "$tmp/scores.csv")"
check "assess import again changes nothing" "assessment 1: already stored, unchanged" "$("$bin" --db "$assess_db" assess import "$tmp/scores.csv")"
check "assess list" "   1  2026-11-01  North BCU        Supt K Lee               1.0 2.0 3.0 4.0 0.0 1.0" "$("$bin" --db "$assess_db" assess list)"
check "report json averages" "[1.0, 2.0, 3.0, 4.0, 0.0, 1.0]" "$("$bin" --db "$assess_db" assess report --id 1 --format json | /usr/bin/python3 -c 'import json,sys; print([a["average"] for a in json.load(sys.stdin)["averages"]])')"
check "report csv round trip" "$(tr -d '\r' <"$tmp/scores.csv")" "$("$bin" --db "$assess_db" assess report --id 1 --format csv | tr -d '\r')"
contains "report svg" 'aria-labelledby="c3-title c3-desc"' "$("$bin" --db "$assess_db" assess report --id 1 --format svg --component 3)"
"$bin" --db "$assess_db" assess report --id 1 --format xlsx -o "$tmp/a.xlsx" >/dev/null; check "report xlsx" "PK" "$(head -c 2 "$tmp/a.xlsx")"
check "xlsx imports back unchanged" "assessment 1: already stored, unchanged" "$("$bin" --db "$assess_db" assess import "$tmp/a.xlsx")"
"$bin" --db "$assess_db" assess report --id 1 --format pdf -o "$tmp/a.pdf" >/dev/null
contains "report pdf" "Component 5: Training and development" "$(pdftotext "$tmp/a.pdf" -)"
"$bin" --db "$assess_db" assess report --id 1 --format doc >/dev/null 2>&1; check "bad report format is usage" "2" "$?"
sed 's/^North BCU,2026-11-01,Supt K Lee,1,1.1,\(.*\),1,/North BCU,2026-11-01,Supt K Lee,1,1.1,\1,9,/' "$tmp/scores.csv" >"$tmp/bad-scores.csv"
"$bin" --db "$assess_db" assess import "$tmp/bad-scores.csv" >/dev/null 2>"$tmp/err"; check "bad scores exit 3" "3" "$?"
contains "bad scores name line and column" "bad-scores.csv:2: score: \"9\" is not a whole number from 0 to 4" "$(cat "$tmp/err")"
contains "action add" "action 1 added" "$("$bin" --db "$assess_db" assess action add --scope "North BCU" --indicator 5.1 --action "Ask victims to speak at training" --owner "Insp Lowe" --due 2027-02-28)"
"$bin" --db "$assess_db" assess action add --scope "North BCU" --indicator 7.1 --action x --owner y --due 2027-02-28 >/dev/null 2>"$tmp/err"; check "action on unknown indicator exits 3" "3" "$?"
check "action set" "action 1: In progress" "$("$bin" --db "$assess_db" assess action set --id 1 --status in_progress)"
contains "action list" "In progress" "$("$bin" --db "$assess_db" assess action list --scope "North BCU")"

# Repeat victims: the same person on two crimes, their name and number written differently.
cat >"$tmp/repeat.jsonl" <<'EOF2'
{"id":"rv1","type":"crime.recorded","crime":"RV/1","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"rv2","type":"person.added","crime":"RV/1","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Ann","family":"Lee"},"date_of_birth":"1980-01-02","contact":{"phone_mobile":"07700 900001"}}
{"id":"rv3","type":"crime.recorded","crime":"RV/2","at":"2024-12-09T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"rv4","type":"person.added","crime":"RV/2","at":"2024-12-09T10:00:00Z","person":"V1","role":"victim","name":{"given":"ANN","family":"Lee"},"contact":{"phone_mobile":"+44 (0)7700 900001"}}
EOF2
"$bin" --db "$repeat_db" import "$tmp/repeat.jsonl" >/dev/null
check "repeat-victims csv" "crime_a,person_a,crime_b,person_b,score,evidence
RV/1,V1,RV/2,V1,0.900,same name; same phone number" "$("$bin" --db "$repeat_db" repeat-victims)"
"$bin" --db "$repeat_db" repeat-victims --min-score 1.5 >/dev/null 2>&1; check "repeat-victims score out of range" "2" "$?"

printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
