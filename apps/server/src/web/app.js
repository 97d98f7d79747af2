/* global document */
// Demo page script: plain browser JavaScript, no build step. Every value from the API is written with
// textContent, never parsed as HTML.
const KEY_STORAGE = 'open-cis.api-key';

const state = { minorUnit: undefined };

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showError(message) {
  document.getElementById('error').textContent = message;
}

async function callApi(path) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) throw new Error('Paste an API key first.');
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
    const fields =
      body && Array.isArray(body.errors) ? body.errors.map((e) => `${e.path}: ${e.message}`) : [];
    throw new Error([`${response.status} ${detail}`, ...fields].join('\n'));
  }
  return body;
}

// Amounts arrive as strings of minor units in fields named …Minor. String operations place the decimal
// point, so no amount passes through a floating-point number.
function formatMinor(value) {
  const text = String(value);
  const digits = state.minorUnit;
  if (!/^-?\d+$/.test(text) || digits === undefined || digits === 0) return text;
  const negative = text.startsWith('-');
  const magnitude = (negative ? text.slice(1) : text).padStart(digits + 1, '0');
  const formatted = `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  return negative ? `-${formatted}` : formatted;
}

function isAmountField(name) {
  return /minor$/i.test(name);
}

function renderValue(name, value) {
  if (value === null || value === undefined) return element('span', '—');
  if (Array.isArray(value)) {
    return value.length > 0 && typeof value[0] === 'object'
      ? renderTable(value)
      : element('span', value.join(', '));
  }
  if (typeof value === 'object') return renderDefinitions(value);
  return element('span', isAmountField(name) ? formatMinor(value) : String(value));
}

function renderDefinitions(object) {
  const list = element('dl');
  for (const [name, value] of Object.entries(object)) {
    list.append(element('dt', name));
    const cell = element('dd');
    cell.append(renderValue(name, value));
    list.append(cell);
  }
  return list;
}

// `action`, when given, adds a button to each row: { label, run(row) }.
function renderTable(rows, action) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const table = element('table');
  const head = table.createTHead().insertRow();
  if (action) head.append(element('th', ''));
  for (const column of columns) head.append(element('th', column));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    if (action) {
      const cell = element('td');
      const button = element('button', action.label);
      button.type = 'button';
      button.addEventListener('click', () => {
        showError('');
        action.run(row).catch((error) => showError(error.message));
      });
      cell.append(button);
      tr.append(cell);
    }
    for (const column of columns) {
      const cell = element('td', undefined, isAmountField(column) ? 'amount' : undefined);
      cell.append(renderValue(column, row[column]));
      tr.append(cell);
    }
  }
  return table;
}

async function loadCompany() {
  const company = await callApi('/v1/company');
  state.minorUnit = company.currencyMinorUnit;
  document.getElementById('company').textContent =
    `${company.name} (${company.code}): amounts in ${company.currency}, time zone ${company.timeZone}`;
}

async function loadAccounts() {
  const container = document.getElementById('accounts');
  container.replaceChildren(element('p', 'Loading accounts…'));
  const page = await callApi('/v1/accounts?limit=50');
  const items = Array.isArray(page.items) ? page.items : [];
  const summary = element('p', `${items.length} of ${page.total ?? items.length} accounts`);
  const table = renderTable(items, { label: 'Bills', run: (account) => showAccountBills(account.id) });
  container.replaceChildren(summary, items.length > 0 ? table : element('p', 'No accounts.'));
}

async function showAccountBills(accountId) {
  const container = document.getElementById('bill');
  container.replaceChildren(element('p', 'Loading bills…'));
  const page = await callApi(`/v1/accounts/${encodeURIComponent(accountId)}/bills?limit=50`);
  const items = Array.isArray(page.items) ? page.items : [];
  const table = renderTable(items, { label: 'Show', run: (bill) => showBill(bill.id) });
  container.replaceChildren(
    element('h3', `Bills of account ${accountId}`),
    items.length > 0 ? table : element('p', 'This account has no bills.'),
  );
}

async function showBill(billId) {
  const container = document.getElementById('bill');
  container.replaceChildren(element('p', 'Loading bill…'));
  const bill = await callApi(`/v1/bills/${encodeURIComponent(billId)}`);
  const { lines, ...header } = bill;
  const parts = [renderDefinitions(header)];
  for (const [index, line] of (Array.isArray(lines) ? lines : []).entries()) {
    const { trace, ...fields } = line;
    const block = element('section');
    block.append(element('h3', `Line ${index + 1}`), renderDefinitions(fields));
    if (trace !== undefined) {
      block.append(element('h4', 'Trace: how this line was calculated'), renderValue('trace', trace));
    }
    parts.push(block);
  }
  container.replaceChildren(...parts);
}

async function refresh() {
  showError('');
  try {
    await loadCompany();
    await loadAccounts();
  } catch (error) {
    showError(error.message);
  }
}

document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  sessionStorage.setItem(KEY_STORAGE, input.value.trim());
  input.value = '';
  void refresh();
});

document.getElementById('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  document.getElementById('company').textContent = '';
  document.getElementById('accounts').replaceChildren();
  document.getElementById('bill').replaceChildren();
});

document.getElementById('bill-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showError('');
  showBill(document.getElementById('bill-id').value.trim()).catch((error) => showError(error.message));
});

if (sessionStorage.getItem(KEY_STORAGE)) void refresh();
