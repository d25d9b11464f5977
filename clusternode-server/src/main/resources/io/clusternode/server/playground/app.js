// ClusterNode playground: plain browser JavaScript, no build step. Talks to the server's own OpenAI-compatible
// API (streamed) and its sessions API; the API key, chosen agent and current session stay in localStorage.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const store = window.localStorage;
  const state = {
    session: store.getItem('clusternode.session') || newSessionId(),
    agent: store.getItem('clusternode.agent') || '',
  };

  function newSessionId() {
    const id = 'web-' + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
    return id.slice(0, 40);
  }

  function headers(json) {
    const h = {};
    const key = $('api-key').value.trim();
    if (key) h['Authorization'] = 'Bearer ' + key;
    if (json) h['Content-Type'] = 'application/json';
    return h;
  }

  function status(text) { $('status').textContent = text || ''; }

  // The server's OpenAI-style error message, else the HTTP status.
  async function failure(response) {
    let message = response.status + ' ' + response.statusText;
    try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
    return new Error(message);
  }

  async function api(path, options) {
    const response = await fetch(path, options || { headers: headers(false) });
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  function add(role, text) {
    const div = document.createElement('div');
    div.className = 'message ' + role;
    div.textContent = text;
    $('messages').appendChild(div);
    $('messages').scrollTop = $('messages').scrollHeight;
    return div;
  }

  function addDetails(details) {
    if (!details) return;
    const lines = [];
    for (const call of details.tool_calls || []) {
      lines.push('tool ' + call.name + ' ' + call.arguments + (call.result !== undefined ? ' -> ' + call.result : ''));
    }
    for (const step of details.steps || []) {
      lines.push(step.kind + (step.name ? ' ' + step.name : '') + ' ' + step.ms.toFixed(2) + ' ms');
    }
    lines.push('total ' + details.total_ms.toFixed(2) + ' ms');
    const div = add('details', lines.join('\n'));
    div.classList.remove('message');
  }

  function showSession() {
    $('session-label').textContent = 'Session ' + state.session;
    store.setItem('clusternode.session', state.session);
    for (const li of $('sessions').children) {
      li.classList.toggle('current', li.dataset.id === state.session);
    }
  }

  async function loadAgents() {
    const models = await api('/v1/models');
    const select = $('agent');
    select.innerHTML = '';
    for (const model of models.data) {
      const option = document.createElement('option');
      option.value = model.id;
      option.textContent = model.id;
      select.appendChild(option);
    }
    if (state.agent && models.data.some((m) => m.id === state.agent)) select.value = state.agent;
    state.agent = select.value;
  }

  async function loadSessions() {
    const list = await api('/api/sessions');
    const ul = $('sessions');
    ul.innerHTML = '';
    for (const session of list.data) {
      const li = document.createElement('li');
      li.dataset.id = session.id;
      li.textContent = session.id + ' (' + session.message_count + ')';
      li.title = 'last used ' + session.last_access_at;
      li.addEventListener('click', () => { state.session = session.id; loadHistory().catch((e) => status(e.message)); });
      ul.appendChild(li);
    }
    showSession();
  }

  async function loadHistory() {
    $('messages').innerHTML = '';
    showSession();
    let session;
    try {
      session = await api('/api/sessions/' + encodeURIComponent(state.session));
    } catch (e) {
      return; // a new session has no history yet
    }
    for (const message of session.messages) {
      if (message.role === 'tool') {
        add('tool', 'tool result: ' + message.content);
      } else if (message.role === 'assistant' && message.tool_calls) {
        for (const call of message.tool_calls) add('tool', 'tool ' + call.function.name + ' ' + call.function.arguments);
        if (message.content) add('assistant', message.content);
      } else if (message.role !== 'system') {
        add(message.role, message.content);
      }
    }
  }

  async function send(text) {
    add('user', text);
    const answer = add('assistant', '');
    let reasoning = null;
    const response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: Object.assign(headers(true), { 'X-Session-Id': state.session }),
      body: JSON.stringify({ model: state.agent, stream: true, stream_options: { include_usage: true },
        messages: [{ role: 'user', content: text }] }),
    });
    if (!response.ok) {
      answer.remove();
      throw await failure(response);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let details = null;
    let usage = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!event.startsWith('data: ')) continue;
        const data = event.slice(6);
        if (data === '[DONE]') continue;
        const chunk = JSON.parse(data);
        if (chunk.error) throw new Error(chunk.error.message);
        if (chunk.usage) usage = chunk.usage;
        if (chunk.clusternode) details = chunk.clusternode;
        const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
        if (!delta) continue;
        if (delta.reasoning_content) {
          if (!reasoning) { reasoning = document.createElement('div'); reasoning.className = 'reasoning'; answer.before(reasoning); }
          reasoning.textContent += delta.reasoning_content;
        }
        if (delta.content) {
          answer.textContent += delta.content;
          $('messages').scrollTop = $('messages').scrollHeight;
        }
      }
    }
    answer.dataset.done = 'true';
    addDetails(details);
    if (usage) status('');
    $('status').dataset.usage = usage ? usage.total_tokens : '';
  }

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('input').value.trim();
    if (!text) return;
    $('input').value = '';
    $('send').disabled = true;
    status('');
    send(text).then(loadSessions).catch((e) => status(e.message)).finally(() => { $('send').disabled = false; });
  });
  $('input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('composer').requestSubmit(); }
  });
  $('agent').addEventListener('change', () => { state.agent = $('agent').value; store.setItem('clusternode.agent', state.agent); });
  $('new-session').addEventListener('click', () => { state.session = newSessionId(); $('messages').innerHTML = ''; showSession(); });
  $('api-key').value = store.getItem('clusternode.apiKey') || '';
  $('api-key').addEventListener('change', () => { store.setItem('clusternode.apiKey', $('api-key').value.trim()); start(); });

  function start() {
    status('');
    Promise.all([loadAgents(), loadSessions()]).then(loadHistory).catch((e) => status(e.message));
  }
  start();
})();
