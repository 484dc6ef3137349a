#!/usr/bin/env bash
# Generates the shipped voice clips once, with espeak-ng's Vietnamese voice, into
# hardware/voice/clips/ (16 kHz mono WAV, silence trimmed). Run it again only to change the
# set; a commune's own recordings go in <data dir>/voice/ instead (docs/voice.md).
# Only clips that are missing are made (FORCE=1 remakes all): sox dithers at random, so
# remaking a clip changes its bytes, and the shipped ones should change only on purpose.
# Needs: espeak-ng, sox.
set -euo pipefail
out=$(cd "$(dirname "$0")/../.." && pwd)/hardware/voice/clips
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # name text
  [ -n "${FORCE:-}" ] || [ ! -f "$out/$1.wav" ] || return 0
  espeak-ng -v vi -s 135 -w "$tmp/$1.raw.wav" "$2"
  sox "$tmp/$1.raw.wav" -r 16000 -c 1 -b 16 "$out/$1.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.08
}

declare -A words=(
  [khong]="không" [mot]="một" [hai]="hai" [ba]="ba" [bon]="bốn" [nam]="năm" [sau]="sáu" [bay]="bảy"
  [tam]="tám" [chin]="chín" [muoi]="mười" [muoi_]="mươi" [mot_]="mốt" [tu]="tư" [lam]="lăm"
  [linh]="linh" [tram]="trăm" [nghin]="nghìn"
  [xin_moi]="Xin mời công dân có số thứ tự" [den_quay]="đến quầy số"
  [moi_danh_gia]="Xin mời quý vị đánh giá mức độ hài lòng" [cam_on]="Xin cảm ơn quý vị"
  [them_thoi_gian]="Quý vị có cần thêm thời gian không? Xin chạm vào nút Thêm thời gian."
)
for k in "${!words[@]}"; do say "$k" "${words[$k]}"; done

declare -A letters=(
  [a]="a" [b]="bê" [c]="xê" [d]="dê" [e]="e" [f]="ép" [g]="giê" [h]="hát" [i]="i" [j]="gi" [k]="ca"
  [l]="e lờ" [m]="em mờ" [n]="en nờ" [o]="o" [p]="pê" [q]="quy" [r]="e rờ" [s]="ét xì" [t]="tê"
  [u]="u" [v]="vê" [w]="vê kép" [x]="ích xì" [y]="i dài" [z]="dét"
)
for k in "${!letters[@]}"; do say "letter_$k" "${letters[$k]}"; done

# The kiosk screens' spoken prompts ("Nghe", frontend/src/lib/speech.ts): every
# prompt("area.key") in the frontend, said from its Vietnamese text in
# frontend/src/locales/vi/<area>.json. prompts.tsv records the text each clip was made from;
# a clip is remade when its text changed and removed when no screen says it any more.
# hardware/voice/prompts_test.go (the build check) fails when a key has no clip, or the
# text moved on since its clip was made.
root=$(cd "$(dirname "$0")/../.." && pwd)
node - "$root" > "$tmp/prompts.tsv" <<'JS'
const fs = require("fs"), path = require("path");
const src = path.join(process.argv[2], "frontend/src");
const keys = new Set();
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(svelte|ts)$/.test(e.name) && !e.name.endsWith(".test.ts"))
      for (const m of fs.readFileSync(p, "utf8").matchAll(/\bprompt\("([a-z0-9_]+)\.([a-z0-9_]+)"\)/g)) keys.add(`${m[1]}.${m[2]}`);
  }
};
walk(src);
for (const k of [...keys].sort()) {
  const [area, key] = k.split(".");
  const text = JSON.parse(fs.readFileSync(path.join(src, "locales/vi", area + ".json"), "utf8"))[key];
  if (!text || text.includes("{")) throw new Error(`prompt ${k}: no fixed Vietnamese text to say`);
  console.log(`p_${area}_${key}\t${text}`);
}
JS
touch "$out/prompts.tsv"
while IFS=$'\t' read -r name text; do
  grep -qxF "$name"$'\t'"$text" "$out/prompts.tsv" && [ -f "$out/$name.wav" ] && [ -z "${FORCE:-}" ] && continue
  rm -f "$out/$name.wav"
  say "$name" "$text"
done < "$tmp/prompts.tsv"
for f in "$out"/p_*.wav; do
  [ -e "$f" ] || continue
  grep -q "^$(basename "$f" .wav)"$'\t' "$tmp/prompts.tsv" || rm -f "$f"
done
cp "$tmp/prompts.tsv" "$out/prompts.tsv"

# A two-tone chime (E5 then C5) before each call.
if [ -n "${FORCE:-}" ] || [ ! -f "$out/chime.wav" ]; then
sox -n -r 16000 -c 1 -b 16 "$tmp/c1.wav" synth 0.35 sine 659.25 fade q 0.01 0.35 0.2 vol 0.5
sox -n -r 16000 -c 1 -b 16 "$tmp/c2.wav" synth 0.5 sine 523.25 fade q 0.01 0.5 0.35 vol 0.5
sox "$tmp/c1.wav" "$tmp/c2.wav" "$out/chime.wav" pad 0 0.15
fi
echo "generated $(ls "$out" | wc -l) clips, $(du -sh "$out" | cut -f1)"
