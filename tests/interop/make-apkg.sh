#!/bin/bash
# Builds Anki packages for the import tests without any Kioku code: the
# collections are written with the sqlite3 command-line tool in Anki's own
# schemas (schema 11 as in collection.anki2/.anki21, schema 18 as in
# .anki21b), zipped with zip, the newer ones compressed with zstd.
#   bash tests/interop/make-apkg.sh OUTDIR
# Writes into OUTDIR:
#   legacy.apkg     collection.anki2 + JSON media map: Basic, reversed, Cloze,
#                   "Basic (type in the answer)", an optional reverse not
#                   asked for, and an unknown note type;
#                   HTML (div, br, b, ruby, entities), an image, subdecks,
#                   card states and a review log
#   hostile.apkg    legacy.apkg with numbers no Anki writes (times at the
#                   end of int64, NaN memory states, counts past int)
#   latest.apkg     collection.anki21b (zstd, schema 18) + protobuf media list
#                   (zstd) + zstd media + meta; a dummy collection.anki2
#   misfit.apkg     legacy.apkg with notes no Kioku card can hold (a field
#                   of 300,000 bytes, a Kioku note of 27 options, a nested
#                   cloze), one Kioku note that fits, and a cloze note
#                   numbered c1 and c3 (c2 deleted) with a review of c3
#   bad-*.apkg      broken packages: not-zip, corrupt (collection is not
#                   SQLite), missing-media (a note shows an image the
#                   package lacks), media-traversal (the media map names
#                   ../evil.png), no-collection
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
png=$here/img/chart.png
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
us=$'\x1f'

schema11() {
  cat <<'EOF'
create table col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_cards_nid on cards (nid);
create index ix_revlog_cid on revlog (cid);
EOF
}

# note types (schema 11 JSON): field and template lists as Anki writes them
fld() { printf '{"name":"%s","ord":%d,"sticky":false,"rtl":false,"font":"Arial","size":20}' "$1" "$2"; }
tmpl() { printf '{"name":"Card %d","ord":%d,"qfmt":"%s","afmt":"%s","did":null,"bqfmt":"","bafmt":""}' $(($1+1)) "$1" "$2" "$3"; }
models=$(cat <<EOF
{"1001":{"id":1001,"name":"Basic","type":0,"sortf":0,"flds":[$(fld Front 0),$(fld Back 1)],"tmpls":[$(tmpl 0 '{{Front}}' '{{Back}}')]},
 "1002":{"id":1002,"name":"Basic (and reversed card)","type":0,"sortf":0,"flds":[$(fld Front 0),$(fld Back 1)],"tmpls":[$(tmpl 0 '{{Front}}' '{{Back}}'),$(tmpl 1 '{{Back}}' '{{Front}}')]},
 "1003":{"id":1003,"name":"Cloze","type":1,"sortf":0,"flds":[$(fld Text 0),$(fld 'Back Extra' 1)],"tmpls":[$(tmpl 0 '{{cloze:Text}}' '{{cloze:Text}}')]},
 "1004":{"id":1004,"name":"Basic (type in the answer)","type":0,"sortf":0,"flds":[$(fld Front 0),$(fld Back 1)],"tmpls":[$(tmpl 0 '{{Front}} {{type:Back}}' '{{Back}}')]},
 "1005":{"id":1005,"name":"Japanese (recognition)","type":0,"sortf":0,"flds":[$(fld Expression 0),$(fld Meaning 1),$(fld Reading 2)],"tmpls":[$(tmpl 0 '{{Expression}}' '{{Meaning}}')]},
 "1006":{"id":1006,"name":"Basic (optional reversed card)","type":0,"sortf":0,"flds":[$(fld Front 0),$(fld Back 1),$(fld 'Add Reverse' 2)],"tmpls":[$(tmpl 0 '{{Front}}' '{{Back}}'),$(tmpl 1 '{{#Add Reverse}}{{Back}}{{/Add Reverse}}' '{{Front}}')]}}
EOF
)
decks='{"1":{"id":1,"name":"Default","desc":""},"2001":{"id":2001,"name":"Lang::日本語","desc":""},"2002":{"id":2002,"name":"Geo","desc":""}}'

# crt: 2026-01-01 00:00 UTC; reviews in January 2026
crt=1767225600
fill_legacy() {
  local db=$1
  schema11 | sqlite3 "$db"
  sqlite3 "$db" <<EOF
insert into col values (1, $crt, 0, 0, 11, 0, 0, 0, '{}', '$(printf '%s' "$models" | sed "s/'/''/g")', '$decks', '{}', '{}');
insert into notes values (3001, 'g-basic', 1001, 0, 0, ' geo capital ', 'What is the <b>capital</b> of Japan?${us}Tokyo<div>東京</div>', 0, 0, 0, '');
insert into notes values (3002, 'g-rev', 1002, 0, 0, '', 'dog[sound:dog.mp3]${us}犬', 0, 0, 0, '');
insert into notes values (3003, 'g-cloze', 1003, 0, 0, 'history', '{{c1::NATO}} was founded in {{c2::1949}}.${us}Washington&nbsp;Treaty', 0, 0, 0, '');
insert into notes values (3004, 'g-typed', 1004, 0, 0, '', '2 + 2 =${us}4', 0, 0, 0, '');
insert into notes values (3005, 'g-jp', 1005, 0, 0, '', '<ruby>漢字<rt>かんじ</rt></ruby>を読む${us}to read kanji${us}かんじをよむ', 0, 0, 0, '');
insert into notes values (3006, 'g-img', 1001, 0, 0, '', 'Which chart?<br><img src="chart.png">${us}Spending &amp; growth &lt;2024&gt;', 0, 0, 0, '');
insert into notes values (3007, 'g-opt', 1006, 0, 0, '', 'one way${us}only${us}', 0, 0, 0, '');
insert into cards values (4009, 3007, 2001, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4001, 3001, 2002, 0, 0, 0, 2, 2, 10, 9, 2500, 3, 0, 0, 0, 0, 0, '');
insert into cards values (4002, 3002, 2001, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4003, 3002, 2001, 1, 0, 0, 3, 1, $((crt + 86400 * 3)), 0, 2300, 4, 1, 1001, 0, 0, 0, '{"s":1.25,"d":7.5}');
insert into cards values (4004, 3003, 2002, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4005, 3003, 2002, 1, 0, 0, 2, -1, 20, 15, 2500, 2, 0, 0, 0, 0, 0, '');
insert into cards values (4006, 3004, 2001, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4007, 3005, 2001, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4008, 3006, 2002, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, '');
-- card 4001: learned on day 0, reviewed on day 1
insert into revlog values ($((crt * 1000 + 3600000)), 4001, 0, 3, -600, 0, 2500, 8000, 0);
insert into revlog values ($((crt * 1000 + 4200000)), 4001, 0, 3, 1, -600, 2500, 5000, 0);
insert into revlog values ($((crt * 1000 + 90000000)), 4001, 0, 3, 9, 1, 2500, 4000, 1);
-- card 4003: learned, then forgotten
insert into revlog values ($((crt * 1000 + 3700000)), 4003, 0, 4, 4, 0, 2500, 3000, 0);
insert into revlog values ($((crt * 1000 + 86400000 * 2)), 4003, 0, 1, -600, 4, 2300, 9000, 1);
-- a manual reschedule (ease 0), not a review
insert into revlog values ($((crt * 1000 + 86400000 * 2 + 5)), 4003, 0, 0, 3, 0, 2300, 0, 4);
-- card 4005: two reviews
insert into revlog values ($((crt * 1000 + 3800000)), 4005, 0, 3, 4, 0, 2500, 2000, 0);
insert into revlog values ($((crt * 1000 + 86400000 * 5)), 4005, 0, 3, 15, 4, 2500, 2500, 1);
EOF
}

# ---- legacy.apkg ------------------------------------------------------------
mkdir "$work/legacy"
fill_legacy "$work/legacy/collection.anki2"
printf '{"0": "chart.png"}' >"$work/legacy/media"
cp "$png" "$work/legacy/0"
(cd "$work/legacy" && zip -q -X "$out/legacy.apkg" collection.anki2 media 0)

# ---- hostile.apkg: legacy.apkg with numbers no Anki writes --------------------
mkdir "$work/hostile"
fill_legacy "$work/hostile/collection.anki2"
sqlite3 "$work/hostile/collection.anki2" <<EOF
-- a review at the end of time, one with an interval of INT64_MIN seconds,
-- and a real one that took INT64_MAX ms
insert into revlog values (9223372036854775807, 4001, 0, 3, 9, 1, 2500, 4000, 1);
insert into revlog values ($((crt * 1000 + 200000000)), 4001, 0, 3, -9223372036854775808, 1, 2500, 4000, 1);
insert into revlog values ($((crt * 1000 + 300000000)), 4001, 0, 3, 9, 1, 2500, 9223372036854775807, 1);
-- due 1e17 days after the collection began; counts past int
update cards set due = 100000000000000000, reps = 2147483647, lapses = 9223372036854775807 where id = 4005;
-- a memory state of infinity and NaN
update cards set data = '{"s":1e999,"d":nan}' where id = 4003;
EOF
printf '{"0": "chart.png"}' >"$work/hostile/media"
cp "$png" "$work/hostile/0"
(cd "$work/hostile" && zip -q -X "$out/hostile.apkg" collection.anki2 media 0)

# ---- latest.apkg: schema 18, zstd, protobuf media list -----------------------
mkdir "$work/latest"
sqlite3 "$work/latest/c.db" <<EOF
create table col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
create table notetypes (id integer not null primary key, name text not null,
  mtime_secs integer not null, usn integer not null, config blob not null);
create table fields (ntid integer not null, ord integer not null, name text not null,
  config blob not null, primary key (ntid, ord)) without rowid;
create table templates (ntid integer not null, ord integer not null, name text not null,
  mtime_secs integer not null, usn integer not null, config blob not null,
  primary key (ntid, ord)) without rowid;
create table decks (id integer primary key not null, name text not null,
  mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
insert into col values (1, $crt, 0, 0, 18, 0, 0, 0, '', '', '', '', '');
-- config field 1 (kind): 0 normal, 1 cloze
insert into notetypes values (1101, 'Basic', 0, 0, x'0800');
insert into notetypes values (1102, 'Cloze', 0, 0, x'08011a00');
insert into fields values (1101, 0, 'Front', x''), (1101, 1, 'Back', x''),
  (1102, 0, 'Text', x''), (1102, 1, 'Back Extra', x'');
insert into templates values (1101, 0, 'Card 1', 0, 0, x''), (1102, 0, 'Cloze', 0, 0, x'');
insert into decks values (1, 'Default', 0, 0, x'', x''), (2101, 'Top' || char(31) || 'Sub', 0, 0, x'', x'');
insert into notes values (5001, 'n1', 1101, 0, 0, 'new', 'Front <i>one</i>${us}Back<br>one<img src="chart.png">', 0, 0, 0, '');
insert into notes values (5002, 'n2', 1102, 0, 0, '', '{{c1::Kioku}} reads {{c2::zstd}}${us}', 0, 0, 0, '');
insert into cards values (6001, 5001, 2101, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (6002, 5002, 2101, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (6003, 5002, 2101, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, '');
EOF
zstd -q "$work/latest/c.db" -o "$work/latest/collection.anki21b"
# MediaEntries { entries: [ { name: "chart.png", size, sha1 } ] }
size=$(stat -c %s "$png")
sha=$(sha1sum "$png" | cut -c1-40)
{
  # entry body: 0a 09 "chart.png" 10 <size varint> 1a 14 <sha1>
  body=$(printf '0a09%s10%02x%02x1a14%s' "$(printf 'chart.png' | xxd -p)" \
    $((size % 128 + 128)) $((size / 128)) "$sha")
  printf '0a%02x%s' $((${#body} / 2)) "$body" | xxd -r -p
} >"$work/latest/media.pb"
zstd -q "$work/latest/media.pb" -o "$work/latest/media"
zstd -q "$png" -o "$work/latest/0"
printf '\x08\x03' >"$work/latest/meta"
fill_legacy "$work/latest/collection.anki2" # old clients see this one; must be ignored
(cd "$work/latest" && zip -q -X "$out/latest.apkg" collection.anki21b collection.anki2 media meta 0)

# ---- misfit.apkg: notes no Kioku card holds, among ones it does --------------
mkdir "$work/misfit"
fill_legacy "$work/misfit/collection.anki2"
kfld() { printf '{"name":"%s","ord":%d}' "$1" "$2"; }
opts=$(for i in $(seq 1 27); do printf '%s{"text":"option %d","correct":%s}' "$([ "$i" = 1 ] || echo ,)" "$i" "$([ "$i" = 1 ] && echo true || echo false)"; done)
sqlite3 "$work/misfit/collection.anki2" <<EOF
update col set models = json_insert(models, '$."1735000000004"', json('{"id":1735000000004,"name":"Kioku","type":0,"sortf":0,"flds":[$(kfld Question 0),$(kfld Options 1),$(kfld TypeIn 2),$(kfld Answer 3),$(kfld Explanation 4),$(kfld Source 5),$(kfld Kioku 6)],"tmpls":[$(tmpl 0 '{{Question}}' '{{Answer}}')]}'));
insert into notes values (3008, 'g-long', 1001, 0, 0, '', 'A long one: ' || replace(hex(zeroblob(150000)), '0', 'a') || '${us}back', 0, 0, 0, '');
insert into notes values (3009, 'k-many', 1735000000004, 0, 0, '', 'Pick one${us}${us}${us}${us}${us}${us}{"type":"choice","question":"Pick one","options":[$opts]}', 0, 0, 0, '');
insert into notes values (3010, 'k-fits', 1735000000004, 0, 0, '', 'Pick two${us}${us}${us}${us}${us}${us}{"type":"choice","question":"Pick two","options":[{"text":"yes","correct":true},{"text":"no"}]}', 0, 0, 0, '');
insert into cards values (4010, 3008, 2002, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4011, 3009, 2002, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4012, 3010, 2002, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into notes values (3011, 'g-gap', 1003, 0, 0, '', '{{c1::NATO}} and the {{c3::EU}}${us}', 0, 0, 0, '');
insert into notes values (3012, 'g-nest', 1003, 0, 0, '', '{{c1::outer {{c2::inner}} }}${us}', 0, 0, 0, '');
insert into cards values (4013, 3011, 2002, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into cards values (4014, 3011, 2002, 2, 0, 0, 2, 2, 30, 12, 2500, 1, 0, 0, 0, 0, 0, '');
insert into cards values (4015, 3012, 2002, 0, 0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, '');
insert into revlog values ($((crt * 1000 + 7200000)), 4014, 0, 3, 12, 0, 2500, 3000, 0);
EOF
printf '{"0": "chart.png"}' >"$work/misfit/media"
cp "$png" "$work/misfit/0"
(cd "$work/misfit" && zip -q -X "$out/misfit.apkg" collection.anki2 media 0)

# ---- broken packages ----------------------------------------------------------
printf 'this is not a zip archive\n' >"$out/bad-not-zip.apkg"
mkdir "$work/corrupt"
printf 'SQLite format 3\000but then garbage, garbage, garbage, garbage, garbage, garbage, garbage, garbage, garbage\n' \
  >"$work/corrupt/collection.anki2"
printf '{}' >"$work/corrupt/media"
(cd "$work/corrupt" && zip -q -X "$out/bad-corrupt.apkg" collection.anki2 media)
mkdir "$work/missing"
fill_legacy "$work/missing/collection.anki2"
printf '{}' >"$work/missing/media"
(cd "$work/missing" && zip -q -X "$out/bad-missing-media.apkg" collection.anki2 media)
mkdir "$work/trav"
fill_legacy "$work/trav/collection.anki2"
sqlite3 "$work/trav/collection.anki2" \
  "update notes set flds = replace(flds, 'chart.png', '../evil.png') where id = 3006"
printf '{"0": "../evil.png"}' >"$work/trav/media"
cp "$png" "$work/trav/0"
(cd "$work/trav" && zip -q -X "$out/bad-media-traversal.apkg" collection.anki2 media 0)
mkdir "$work/nocol"
printf '{}' >"$work/nocol/media"
(cd "$work/nocol" && zip -q -X "$out/bad-no-collection.apkg" media)
