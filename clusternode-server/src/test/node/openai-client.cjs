// Drives a ClusterNode server with the official `openai` npm client, as users would. Prints one JSON object
// with what it saw; the Java test (OpenAiNodeClientTest) asserts on it. BASE_URL and API_KEY come from the
// environment; NODE_PATH points at the node_modules holding `openai`.
'use strict';
const OpenAI = require('openai');

async function main() {
  const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.API_KEY, maxRetries: 0 });
  const out = {};

  out.models = (await client.models.list()).data.map((m) => m.id);

  const plain = await client.chat.completions.create({
    model: 'clusternode', messages: [{ role: 'user', content: 'What is 12 * 7?' }] });
  out.plain = plain.choices[0].message.content;
  out.plainFinish = plain.choices[0].finish_reason;
  out.plainUsage = plain.usage.total_tokens;

  const stream = await client.chat.completions.create({
    model: 'clusternode', stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Hello, stream' }] });
  out.streamed = '';
  out.chunks = 0;
  for await (const chunk of stream) {
    out.chunks++;
    const delta = chunk.choices[0] && chunk.choices[0].delta;
    if (delta && delta.content) out.streamed += delta.content;
    if (chunk.usage) out.streamUsage = chunk.usage.total_tokens;
  }

  const tools = [{ type: 'function', function: { name: 'calculator', description: 'Multiplies numbers',
    parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] } } }];
  const messages = [{ role: 'user', content: 'What is 6 * 7?' }];
  const first = await client.chat.completions.create({ model: 'plain', messages, tools });
  out.toolFinish = first.choices[0].finish_reason;
  const call = first.choices[0].message.tool_calls[0];
  out.toolName = call.function.name;
  const expression = JSON.parse(call.function.arguments).expression;
  const product = expression.split('*').map((s) => Number(s.trim())).reduce((a, b) => a * b, 1);
  messages.push(first.choices[0].message);
  messages.push({ role: 'tool', tool_call_id: call.id, content: String(product) });
  const second = await client.chat.completions.create({ model: 'plain', messages, tools });
  out.toolAnswer = second.choices[0].message.content;

  const intruder = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: 'not-a-key', maxRetries: 0 });
  try {
    await intruder.chat.completions.create({ model: 'clusternode', messages: [{ role: 'user', content: 'hi' }] });
    out.unauthorized = 'no error';
  } catch (e) {
    out.unauthorized = e.status;
    out.unauthorizedCode = e.code;
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
