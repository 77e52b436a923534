// Generates the corpus of the `--rendered` test: messages as they will be
// sent that look like templates (`{name}`, `{{x}}`, `%s`, `%{x}`, `[first
// name]`, `${x}`) and end in spaces, each counted by Twilio's own
// calculator (npm sms-segments-calculator 1.3.0, MIT). smslint must count
// every brace, bracket, percent sign and trailing space as written.
//
//   cd scripts/segment-oracle && npm install && node rendered.mjs > ../../fixtures/encoding/rendered-vectors.jsonl
import { SegmentedMessage } from 'sms-segments-calculator';
import { xorshift } from './rng.mjs';

const { next, pick } = xorshift(0x2545f491);

const words = ['Hi', 'your', 'order', 'ships', 'today', 'reply', 'STOP', 'to', 'opt', 'out', 'code',
  'is', 'appointment', 'at', 'pm', 'café', 'total', 'due', 'thanks', 'see', 'you', 'soon', '50', 'off'];
const templated = ['{name}', '{{first_name}}', '%s', '%d', '%{count}', '[first name]', '${total}',
  '{0}', '{{ brand }}', '%(name)s', '{', '}', '[', ']', '%', '{{', '}}', ':name', '<%= x %>', '€', '~'];
const tails = ['', ' ', '  ', '   ', '\t', ' \n', '\n\n'];

const lines = [];
for (let i = 0; i < 400; i++) {
  const length = 3 + (next() % 60);
  const parts = [];
  for (let n = 0; n < length; n++) {
    parts.push(next() % 4 === 0 ? pick(templated) : pick(words));
  }
  const text = parts.join(next() % 5 === 0 ? '' : ' ') + pick(tails);
  const counted = new SegmentedMessage(text);
  lines.push(JSON.stringify({
    text,
    encoding: counted.getEncodingName(),
    segments: counted.segmentsCount,
    characters: counted.numberOfCharacters,
  }));
}
process.stdout.write(lines.join('\n') + '\n');
