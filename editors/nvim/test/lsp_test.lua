-- Drives Neovim's own LSP client against `infrac lsp`, headless, as an editor user
-- would: open a design, read the diagnostics, hover, jump to a definition, complete,
-- fix a typo with a quick fix, keep hovering and completing while the file does not
-- parse, fix a finding with a quick fix, find references, rename, list the symbols,
-- and format. Works on Neovim 0.7+.
--
--   PATH=$PWD/target/debug:$PATH nvim --headless --clean --cmd 'set rtp^=editors/nvim' \
--     -c 'luafile editors/nvim/test/lsp_test.lua' DESIGN.infra
--
-- with DESIGN.infra a copy of examples/1-distributed_web_infrastructure.infra. The
-- plugin (editors/nvim/plugin/infrac.lua) starts `infrac lsp` from PATH, as it would for
-- a user.
--
-- Prints one line per check and quits with status 1 if any failed.

local infrac = 'infrac'

local failures, checks = 0, 0
local function check(name, ok, detail)
  checks = checks + 1
  if ok then
    io.stdout:write('ok   ' .. name .. '\n')
  else
    failures = failures + 1
    io.stdout:write('FAIL ' .. name .. (detail and (': ' .. detail) or '') .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('neovim: %d passed, %d failed\n', checks - failures, failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)

-- The (0-based) line and column of the first `text` on a line matching `line_pattern`.
local function find(line_pattern, text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(line_pattern) then
      local col = line:find(text, 1, true)
      if col then
        return i - 1, col - 1
      end
    end
  end
  error('no line matches ' .. line_pattern .. ' with ' .. text)
end

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, answer in pairs(answers) do
    if answer.error then
      return nil, vim.inspect(answer.error)
    end
    return answer.result
  end
  return nil, 'no answer'
end

local function at(line, col)
  return { textDocument = { uri = uri }, position = { line = line, character = col } }
end

local function diagnostics()
  return vim.diagnostic.get(buf)
end

local function wait_for(what, predicate)
  local ok = vim.wait(15000, predicate, 20)
  if not ok then
    check(what, false, 'timed out')
  end
  return ok
end

local function messages()
  local out = {}
  for _, d in ipairs(diagnostics()) do
    table.insert(out, d.message)
  end
  return table.concat(out, ' | ')
end

local function has_message(fragment)
  for _, d in ipairs(diagnostics()) do
    if d.message:find(fragment, 1, true) then
      return d
    end
  end
end

local function replace_line(line, text)
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { text })
end

-- The server attached and published the design's findings.
if not wait_for('the server attaches', function() return #vim.lsp.buf_get_clients(buf) > 0 end) then
  return finish()
end
if wait_for('findings are published', function() return #diagnostics() > 0 end) then
  local spof = has_message('single point of failure')
  check('a single point of failure is reported', spof ~= nil, messages())
  local lb_line = find('^  load_balancer haproxy', 'haproxy')
  check('on the load balancer', spof ~= nil and spof.lnum == lb_line,
    spof and ('line ' .. spof.lnum .. ', expected ' .. lb_line))
  check('as an error', spof ~= nil and spof.severity == vim.diagnostic.severity.ERROR)
end

-- Hover on a reference in a flow.
do
  local line, col = find('^internet %-> lb1', 'lb1')
  local hover, err = request('textDocument/hover', at(line, col))
  local text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check('hover names the server', text:find('lb1', 1, true) ~= nil, err or text)
end

-- Go to definition from `replica_of = web1.mysql` to web1's database.
do
  local line, col = find('replica_of', 'web1.mysql')
  local result, err = request('textDocument/definition', at(line, col + 6))
  local location = result and (result.range and result or result[1])
  local want = find('^  database   mysql { engine = mysql, role = primary', 'mysql')
  check('definition jumps to web1.mysql', location ~= nil and location.range.start.line == want,
    err or vim.inspect(result))
end

-- Completion of a kind on a new line inside a server.
do
  local line = find('^server web2', 'web2')
  vim.api.nvim_buf_set_lines(buf, line + 1, line + 1, false, { '  monitoring_a' })
  local result, err = request('textDocument/completion', at(line + 1, 14))
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = (labels[item.label] or 0) + 1
  end
  check('completion offers monitoring_agent inside a server', labels['monitoring_agent'] == 1,
    err or vim.inspect(vim.tbl_keys(labels)))
  check('completion does not offer top-level kinds inside a server', labels['cluster'] == nil)
  vim.api.nvim_buf_set_lines(buf, line + 1, line + 2, false, {})
end

-- Completion of an attribute's value from the schema, inside a one-line block.
do
  local line, col = find('^  database   mysql { engine = mysql, role = replica', 'role = replica')
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  replace_line(line, text:gsub('role = replica', 'role = ', 1))
  local result, err = request('textDocument/completion', at(line, col + 7))
  local labels = {}
  for _, item in ipairs(result and (result.items or result) or {}) do
    labels[item.label] = true
  end
  check('completion offers the values of `role`', labels['primary'] and labels['replica'],
    err or vim.inspect(vim.tbl_keys(labels)))
  replace_line(line, text)
end

-- A typo: a compile error with a did-you-mean, a quick fix that applies it, and
-- hover still working while the file does not compile.
do
  local line, col = find('^  web_server nginx { software = nginx }', 'web_server')
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  replace_line(line, (text:gsub('web_server', 'web_sever', 1)))
  if wait_for('the compile error is published', function() return has_message('web_sever') ~= nil end) then
    local d = has_message('web_sever')
    check('the error says what was meant', d.message:find('web_server', 1, true) ~= nil, d.message)
    check('the error is on the typo', d.lnum == line and d.col == col, d.lnum .. ':' .. d.col)
    local hover_line, hover_col = find('^internet %-> lb1', 'lb1')
    local hover = request('textDocument/hover', at(hover_line, hover_col))
    check('hover works while the file has an error', hover ~= nil and hover.contents ~= nil)
    local actions, err = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = { line = line, character = col }, ['end'] = { line = line, character = col + 9 } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, line) },
    })
    local fix
    for _, action in ipairs(actions or {}) do
      if action.edit and action.title:find('web_server', 1, true) then
        fix = action
      end
    end
    check('a quick fix replaces the typo', fix ~= nil, err or vim.inspect(actions))
    if fix then
      vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
      check('the quick fix restores the line', vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] == text,
        vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1])
    else
      replace_line(line, text)
    end
    wait_for('the error goes away', function() return has_message('web_sever') == nil end)
  end
end

-- A syntax error (a flow being typed on top, a block left open below): hover,
-- definition and completion answer from the last design that compiled.
do
  local function has_error()
    for _, d in ipairs(diagnostics()) do
      if d.severity == vim.diagnostic.severity.ERROR and (d.lnum == 0 or d.lnum >= vim.api.nvim_buf_line_count(buf) - 1) then
        return d
      end
    end
  end
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'internet -> ' })
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { 'server oops {' })
  if wait_for('the syntax error is published', function() return has_error() ~= nil end) then
    check('diagnostics show the syntax error', true)
    local line, col = find('^internet %-> lb1', 'lb1')
    local hover = request('textDocument/hover', at(line, col))
    local text = hover and hover.contents and (hover.contents.value or '') or ''
    check('hover answers while the file does not parse', text:find('lb1', 1, true) ~= nil, text)
    local ref_line, ref_col = find('replica_of', 'web1.mysql')
    local result, err = request('textDocument/definition', at(ref_line, ref_col + 6))
    local location = result and (result.range and result or result[1])
    local want = find('^  database   mysql { engine = mysql, role = primary', 'mysql')
    check('definition answers while the file does not parse',
      location ~= nil and location.range.start.line == want, err or vim.inspect(result))
    local items = request('textDocument/completion', at(0, 12))
    local labels = {}
    for _, item in ipairs(items and (items.items or items) or {}) do
      labels[item.label] = true
    end
    check('completion offers items declared below, from the last good design',
      labels['web1.mysql'] and labels['lb1'], vim.inspect(vim.tbl_keys(labels)))
  end
  vim.api.nvim_buf_set_lines(buf, 0, 1, false, {})
  vim.api.nvim_buf_set_lines(buf, -2, -1, false, {})
  wait_for('the syntax error goes away', function() return has_error() == nil end)
end

-- A finding with a mechanical fix: `internet -> lb1 : http` is plain http; the quick
-- fix adds `redirect_to_https = true` to the load balancer, and the finding goes.
do
  local function plain_http()
    for _, d in ipairs(diagnostics()) do
      if d.code == 'no-https' then
        return d
      end
    end
  end
  if wait_for('no-https is reported', function() return plain_http() ~= nil end) then
    local d = plain_http()
    local actions, err = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) },
    })
    local fix
    for _, action in ipairs(actions or {}) do
      if action.edit and action.title:find('https', 1, true) then
        fix = action
      end
    end
    check('a quick fix redirects http to https', fix ~= nil, err or vim.inspect(actions))
    if fix then
      vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
      local ok = pcall(find, '^    redirect_to_https = true', 'true')
      check('the fix adds redirect_to_https to the load balancer', ok)
      check('the finding goes away', wait_for('no-https goes away', function() return plain_http() == nil end))
    end
  end
end

-- References and rename of web1's database, through `replica_of` and the flows.
do
  local line, col = find('replica_of', 'web1.mysql')
  local refs, err = request('textDocument/references', {
    textDocument = { uri = uri },
    position = { line = line, character = col + 6 },
    context = { includeDeclaration = true },
  })
  check('references list the declaration, replica_of and the flow', refs ~= nil and #refs == 3,
    err or vim.inspect(refs))
  local range = request('textDocument/prepareRename', at(line, col + 6))
  check('prepareRename gives the segment', range ~= nil and range.start and range.start.character == col + 5,
    vim.inspect(range))
  local edit, rename_err = request('textDocument/rename', {
    textDocument = { uri = uri },
    position = { line = line, character = col + 6 },
    newName = 'primary_db',
  })
  check('rename answers with edits', edit ~= nil, rename_err)
  if edit then
    vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
    local renamed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
    check('rename changes replica_of and the flow',
      renamed:find('replica_of = web1.primary_db', 1, true) ~= nil
        and renamed:find('-> web1.primary_db : mysql', 1, true) ~= nil
        and renamed:find('database   primary_db { engine = mysql, role = primary', 1, true) ~= nil,
      renamed)
    check('rename leaves web2\'s own mysql', renamed:find('database   mysql { engine = mysql, role = replica', 1, true) ~= nil)
  end
end

-- Document symbols: the servers and their components.
do
  local result, err = request('textDocument/documentSymbol', { textDocument = { uri = uri } })
  local names = {}
  local function walk(symbols)
    for _, s in ipairs(symbols or {}) do
      names[s.name] = true
      walk(s.children)
    end
  end
  walk(result)
  check('symbols list servers and their components', names['lb1'] and names['haproxy'] and names['web2'],
    err or vim.inspect(vim.tbl_keys(names)))
end

-- Formatting: a badly laid-out buffer comes back as `infrac fmt` writes it.
do
  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local messy = {}
  for _, l in ipairs(before) do
    table.insert(messy, (l:gsub('^%s+', ''):gsub('%s*=%s*', ' =  ')))
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, messy)
  local edits, err = request('textDocument/formatting', {
    textDocument = { uri = uri },
    options = { tabSize = 2, insertSpaces = true },
  })
  check('formatting answers with edits', edits ~= nil and #edits > 0, err)
  if edits then
    vim.lsp.util.apply_text_edits(edits, buf, 'utf-16')
  end
  local expected = vim.fn.systemlist({ infrac, 'fmt', '-' }, table.concat(before, '\n') .. '\n')
  local after = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  check('the formatted buffer is what `infrac fmt` writes', vim.deep_equal(after, expected),
    vim.inspect({ after = after[20], expected = expected[20] }))
end

finish()
