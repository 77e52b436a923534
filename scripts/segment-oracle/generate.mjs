// Generates the differential-test corpus for smslint's segment counter:
// deterministic strings mixing ASCII, GSM extension characters, smart
// punctuation, accented letters, emoji and CJK at lengths around every
// segment boundary, each counted by Twilio's own calculator
// (npm sms-segments-calculator 1.3.0, MIT).
//
//   cd scripts/segment-oracle && npm install && node generate.mjs > ../../fixtures/encoding/oracle-vectors.jsonl
import { SegmentedMessage } from 'sms-segments-calculator';
import { xorshift } from './rng.mjs';

const { next, pick } = xorshift(0x9e3779b9);

const pools = {
  ascii: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?:;-()\'"@#%&*+/=<>_$\n'],
  extension: [...'^{}\\[~]|€\f'],
  smart: [...'“”‘’–—…•\u00a0\u200b«»`´'],
  accentedGsm: [...'éèùìòÇØøÅåÄÖÑÜßäöñüàÆæÉ£¥§¿¡ΔΦΓΛΩΠΨΣΘΞ'],
  accentedOther: [...'áíóúçãõêâôûëïÿœ'],
  emoji: ['😜', '👍', '👍🏽', '🇮🇹', '🏳️‍🌈', '👨‍👩‍👧', '🎉', '❤️', '☀', '✅'],
  cjk: [...'你好世界短信测试日本語한국어'],
  crlf: ['\r\n'],
};
const mixes = [
  ['ascii'], ['ascii', 'extension'], ['ascii', 'accentedGsm'], ['ascii', 'crlf'],
  ['ascii', 'smart'], ['ascii', 'accentedOther'], ['ascii', 'emoji'], ['cjk'],
  ['ascii', 'cjk'], ['ascii', 'extension', 'emoji'], ['ascii', 'extension', 'smart'],
  ['emoji'], ['ascii', 'accentedGsm', 'extension', 'crlf'],
];
const targets = [60, 67, 70, 134, 140, 153, 160, 201, 268, 306, 320, 459];

const lines = [];
for (let i = 0; i < 3000; i++) {
  const mix = pick(mixes);
  const length = pick(targets) + (next() % 9) - 4;
  const main = mix[0];
  let text = '';
  for (let n = 0; n < length; n++) {
    // mostly the first pool, with the others sprinkled in
    const pool = next() % 10 < 7 ? main : pick(mix);
    text += pick(pools[pool]);
  }
  const counted = new SegmentedMessage(text);
  lines.push(JSON.stringify({
    text,
    encoding: counted.getEncodingName(),
    segments: counted.segmentsCount,
    characters: counted.numberOfCharacters,
  }));
}
process.stdout.write(lines.join('\n') + '\n');
