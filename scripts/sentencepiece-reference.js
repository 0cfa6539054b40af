// Google's SentencePiece (the C++ library compiled to WebAssembly, npm @sctg/sentencepiece-js) as a
// reference: reads a JSON array of strings on stdin and writes, for each, the ids and pieces that
// SentencePieceProcessor::Encode gives for the model, as a JSON array on stdout.
//   node scripts/sentencepiece-reference.js <sentencepiece-js>/index.cjs <model file> < texts.json
// scripts/fetch-data.sh puts the library and two Unigram models in $BLORA_DATA_DIR/sentencepiece-js-1.3.3.
"use strict";
const fs = require("fs");
const [library, model] = process.argv.slice(2);
if (!library || !model) {
  process.stderr.write("usage: node sentencepiece-reference.js <index.cjs> <model> < texts.json\n");
  process.exit(2);
}
const { SentencePieceProcessor } = require(library);
(async () => {
  const processor = new SentencePieceProcessor();
  await processor.load(model);
  const texts = JSON.parse(fs.readFileSync(0, "utf8"));
  const encoded = texts.map(text => ({ ids: Array.from(processor.encodeIds(text)), pieces: processor.encodePieces(text) }));
  process.stdout.write(JSON.stringify(encoded));
})().catch(error => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
