-- Neovim (0.7+, headless) as a second LSP client of the Schemaguard server over stdio.
-- Run by test/e2e/neovim/run.ts:
--   SCHEMAGUARD_SERVER=<dist/server.js> SCHEMAGUARD_FILE=<a copy of 001_add_orders_index.sql> \
--   nvim --headless --clean -c 'luafile client.lua'
-- Prints one line per check; exits 0 when all pass and 1 (:cquit) on the first failure.
local WAIT_MS = tonumber(os.getenv('SCHEMAGUARD_E2E_WAIT_MS') or '') or 20000
local RULE = 'require-concurrent-index'
local FIX_TITLE = 'Use CREATE INDEX CONCURRENTLY'
local FIXED = '-- Speeds up the order history page.\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n'
local PYTHON_FIX_TITLE = 'Build the index with postgresql_concurrently=True in op.get_context().autocommit_block()'
local PYTHON_FIXED = 'def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)\n'

local function say(line)
  io.stdout:write(line .. '\n')
end

local function check(condition, message)
  if not condition then error(message, 0) end
end

-- The raw publishDiagnostics payloads, newest last: the code action request needs the server's
-- own diagnostics back, `data` included.
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  table.insert(published, result)
  return default_handler(err, result, ctx, config)
end

-- The findings of the one rule these checks are about (other rules may have their say too), or nil
-- before the server has published anything for `uri`.
local function latest(uri)
  for index = #published, 1, -1 do
    if published[index].uri == uri then
      return vim.tbl_filter(function(d) return d.code == RULE end, published[index].diagnostics)
    end
  end
  return nil
end

local function wait_for(what, uri, accept)
  local ok = vim.wait(WAIT_MS, function()
    local diagnostics = latest(uri)
    return diagnostics ~= nil and accept(diagnostics)
  end, 20)
  check(ok, string.format('waited %d ms for %s; last published: %s', WAIT_MS, what, vim.inspect(latest(uri))))
  return latest(uri)
end

-- Asks for the code actions on the first of `diagnostics`, applies the one titled `title`, writes the
-- buffer and returns the file as saved.
local function apply_fix(client, bufnr, path, diagnostics, title)
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diagnostics[1].range,
    context = { diagnostics = diagnostics },
  }, WAIT_MS, bufnr)
  check(response and response.result, 'no code action response: ' .. vim.inspect(response))
  local action
  for _, candidate in ipairs(response.result) do
    if candidate.title == title then action = candidate end
  end
  check(action and action.edit, 'no "' .. title .. '" among ' .. vim.inspect(vim.tbl_map(function(a) return a.title end, response.result)))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  vim.cmd('silent write')
  local handle = assert(io.open(path, 'r'))
  local saved = handle:read('*a')
  handle:close()
  return saved
end

local function run()
  local file = assert(os.getenv('SCHEMAGUARD_FILE'), 'SCHEMAGUARD_FILE is not set')
  local server = assert(os.getenv('SCHEMAGUARD_SERVER'), 'SCHEMAGUARD_SERVER is not set')
  vim.cmd('silent edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local settings = { schemaguard = { rules = vim.empty_dict() } }
  local client_id = vim.lsp.start_client({
    name = 'schemaguard',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h:h'),
    settings = settings,
  })
  check(client_id ~= nil, 'the server did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  local diagnostics = wait_for('the ' .. RULE .. ' warning', uri, function(d) return #d > 0 end)
  check(#diagnostics == 1, 'one ' .. RULE .. ' finding expected, got ' .. vim.inspect(diagnostics))
  local diagnostic = diagnostics[1]
  check(diagnostic.severity == vim.lsp.protocol.DiagnosticSeverity.Warning, 'not a warning: ' .. vim.inspect(diagnostic))
  check(vim.deep_equal(diagnostic.range, { start = { line = 1, character = 0 }, ['end'] = { line = 1, character = 45 } }), 'unexpected range ' .. vim.inspect(diagnostic.range))
  local shown = vim.tbl_filter(function(d) return d.code == RULE end, vim.diagnostic.get(bufnr))
  check(#shown == 1 and shown[1].lnum == 1, 'vim.diagnostic shows ' .. vim.inspect(shown))
  say('ok   diagnostics: ' .. RULE .. ' warning on line 2, columns 0-45')

  settings.schemaguard.rules = { [RULE] = 'error' }
  client.notify('workspace/didChangeConfiguration', { settings = settings })
  diagnostics = wait_for('the finding as an error', uri, function(d)
    return #d == 1 and d[1].severity == vim.lsp.protocol.DiagnosticSeverity.Error
  end)
  settings.schemaguard.rules = vim.empty_dict()
  client.notify('workspace/didChangeConfiguration', { settings = settings })
  diagnostics = wait_for('the warning back', uri, function(d)
    return #d == 1 and d[1].severity == vim.lsp.protocol.DiagnosticSeverity.Warning
  end)
  say('ok   settings: schemaguard.rules via workspace/didChangeConfiguration turns the warning into an error and back')

  local saved = apply_fix(client, bufnr, file, diagnostics, FIX_TITLE)
  check(saved == FIXED, 'the saved file holds:\n' .. saved)
  wait_for('no ' .. RULE .. ' finding after the fix', uri, function(d) return #d == 0 end)
  say('ok   quick fix: "' .. FIX_TITLE .. '" applied, written, and the warning is gone')

  -- an Alembic revision: the warning on the op.create_index call, the Python fix applied and written
  local revision = vim.fn.fnamemodify(file, ':h:h') .. '/alembic/versions/0001_orders_customer_index.py'
  vim.cmd('silent edit ' .. vim.fn.fnameescape(revision))
  local revision_buf = vim.api.nvim_get_current_buf()
  local revision_uri = vim.uri_from_bufnr(revision_buf)
  vim.lsp.buf_attach_client(revision_buf, client_id)
  diagnostics = wait_for('the ' .. RULE .. ' warning in the Alembic revision', revision_uri, function(d) return #d > 0 end)
  check(#diagnostics == 1, 'one ' .. RULE .. ' finding expected in the revision, got ' .. vim.inspect(diagnostics))
  check(vim.deep_equal(diagnostics[1].range, { start = { line = 14, character = 4 }, ['end'] = { line = 14, character = 71 } }), 'unexpected range in the revision ' .. vim.inspect(diagnostics[1].range))
  say('ok   alembic diagnostics: ' .. RULE .. ' warning on op.create_index, line 15, columns 4-71')
  saved = apply_fix(client, revision_buf, revision, diagnostics, PYTHON_FIX_TITLE)
  check(saved:find(PYTHON_FIXED, 1, true), 'the saved revision holds:\n' .. saved)
  wait_for('no ' .. RULE .. ' finding in the revision after the fix', revision_uri, function(d) return #d == 0 end)
  say('ok   alembic quick fix: "' .. PYTHON_FIX_TITLE .. '" applied, written, and the warning is gone')

  -- hover and go to definition in a golang-migrate history (the server reads it in the background)
  local report = vim.fn.fnamemodify(file, ':h:h') .. '/navigation/0004_report.up.sql'
  vim.cmd('silent edit ' .. vim.fn.fnameescape(report))
  local report_buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(report_buf, client_id)
  -- `größe` in `SELECT o.größe`: UTF-16 character 10 is inside the name
  local at_column = { textDocument = { uri = vim.uri_from_bufnr(report_buf) }, position = { line = 0, character = 10 } }
  local hover
  vim.wait(WAIT_MS, function()
    local answer = client.request_sync('textDocument/hover', at_column, 2000, report_buf)
    local value = answer and answer.result and answer.result.contents and answer.result.contents.value
    if value and value:find('`orders.größe` text', 1, true) then hover = value end
    return hover ~= nil
  end, 100)
  check(hover, 'waited ' .. WAIT_MS .. ' ms for the hover of orders.größe')
  check(hover:find('/navigation/0003_add_size.up.sql#L2)', 1, true), 'the hover does not link to 0003_add_size.up.sql#L2:\n' .. hover)
  say('ok   hover: orders.größe with its type and a link to the migration that added it')

  local definition = client.request_sync('textDocument/definition', at_column, WAIT_MS, report_buf)
  local locations = definition and definition.result or {}
  check(#locations == 1 and locations[1].uri:sub(-#'/navigation/0003_add_size.up.sql') == '/navigation/0003_add_size.up.sql', 'definition: ' .. vim.inspect(definition))
  local name_range = { start = { line = 1, character = 30 }, ['end'] = { line = 1, character = 35 } }
  check(vim.deep_equal(locations[1].range, name_range), 'definition range ' .. vim.inspect(locations[1].range))
  vim.lsp.util.jump_to_location(locations[1], client.offset_encoding)
  local cursor = vim.api.nvim_win_get_cursor(0)
  check(vim.api.nvim_buf_get_name(0):sub(-#'0003_add_size.up.sql') == '0003_add_size.up.sql' and cursor[1] == 2 and cursor[2] == 30, 'after the jump: ' .. vim.api.nvim_buf_get_name(0) .. ' ' .. vim.inspect(cursor))
  say('ok   definition: jumps to the name in the migration that added the column')
  vim.lsp.stop_client(client_id)
end

local ok, failure = pcall(run)
if ok then
  vim.cmd('qall!')
else
  say('FAIL ' .. tostring(failure))
  vim.cmd('cquit 1')
end
