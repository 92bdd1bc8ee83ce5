-- Headless Neovim drives the PerfLens language server like a user would (nvim 0.7.2 from Debian and newer).
-- Usage: LSP_CMD="node bin/perflens.js lsp --stdio" nvim --headless -n -i NONE -u init.lua app.js
-- Checks: the server initializes; a PerfLens diagnostic (source "perflens", code = rule id) arrives;
-- the "Disable <id> for this line" code action is offered and applied through vim.lsp.buf.code_action;
-- the diagnostic disappears. Exit 0 = pass, 1 = fail (with "FAIL: …" on stderr).
-- Adapted from /work/shared/research/real-clients/nvim-lsp/init.lua.
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '60000')
local expected_code = os.getenv('EXPECT_CODE') or 'sync-io'
local cmd = vim.split(assert(os.getenv('LSP_CMD'), 'LSP_CMD not set'), ' ', { trimempty = true })
local t0 = vim.loop.hrtime()

local function out(fmt, ...) io.stdout:write(string.format(fmt, ...) .. '\n') end
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function perflens_diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'perflens' then table.insert(found, d) end
  end
  return found
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  if vim.api.nvim_buf_get_name(buf) == '' then return fail('no file given') end

  local config = { name = 'perflens', cmd = cmd, root_dir = vim.fn.getcwd() }
  local client_id
  if vim.lsp.start then -- nvim >= 0.8
    client_id = vim.lsp.start(config, { bufnr = buf })
  else -- nvim 0.5 .. 0.7
    client_id = vim.lsp.start_client(config)
    if client_id then vim.lsp.buf_attach_client(buf, client_id) end
  end
  if not client_id then return fail('could not start ' .. table.concat(cmd, ' ')) end
  if not vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 20) then
    return fail('server did not initialize')
  end
  out('initialized after %d ms', ms())

  if not vim.wait(timeout, function()
    for _, d in ipairs(perflens_diagnostics(buf)) do
      if d.code == expected_code then return true end
    end
    return false
  end, 20) then
    return fail('no ' .. expected_code .. ' diagnostic within ' .. timeout .. ' ms')
  end
  local diags = perflens_diagnostics(buf)
  out('diagnostics after %d ms: %d', ms(), #diags)
  for _, d in ipairs(diags) do
    out('  %d:%d [%s/%s] %s', d.lnum + 1, d.col + 1, tostring(d.source), tostring(d.code), d.message)
  end

  -- the code action menu, through the real user path; pick "Disable <id> for this line"
  local d
  for _, x in ipairs(diags) do if x.code == expected_code then d = x end end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local offered = {}
  local wanted = 'Disable ' .. expected_code .. ' for this line'
  vim.ui.select = function(items, opts, on_choice)
    local pick
    for i, it in ipairs(items) do
      local title = opts.format_item and opts.format_item(it) or vim.inspect(it)
      table.insert(offered, title)
      if title == wanted then pick = i end
    end
    if pick then on_choice(items[pick], pick) else on_choice(nil, nil) end
  end
  local lines_before = vim.api.nvim_buf_line_count(buf)
  vim.lsp.buf.code_action()
  if not vim.wait(timeout, function() return vim.api.nvim_buf_line_count(buf) == lines_before + 1 end, 20) then
    return fail('"' .. wanted .. '" was not applied (offered: ' .. table.concat(offered, ' | ') .. ')')
  end
  out('code actions offered: %s', table.concat(offered, ' | '))
  out('applied after %d ms: %s', ms(), vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])

  if not vim.wait(timeout, function()
    for _, x in ipairs(perflens_diagnostics(buf)) do
      if x.code == expected_code then return false end
    end
    return true
  end, 20) then
    return fail('diagnostic still present after the suppression')
  end
  out('diagnostic cleared after %d ms', ms())

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  out('PASS in %d ms', ms())
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then fail(tostring(err)) end
  end,
})
