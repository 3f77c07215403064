-- infrac for Neovim without nvim-lspconfig: starts `infrac lsp` for every `infra` buffer,
-- one server per project root (the folder with infrac.toml or .git, else the file's own).
-- Works from Neovim 0.7 on; on 0.11+ `vim.lsp.enable('infrac')` with lsp/infrac.lua does
-- the same. Set `vim.g.infrac_cmd = { '/path/to/infrac', 'lsp' }` to use another binary.
if vim.g.loaded_infrac then
  return
end
vim.g.loaded_infrac = true

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.findfile('infrac.toml', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h')
  end
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h')
  end
  return dir
end

local clients = {} -- root → client id

local function attach(bufnr)
  local root = root_of(vim.api.nvim_buf_get_name(bufnr))
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'infrac',
      cmd = vim.g.infrac_cmd or { 'infrac', 'lsp' },
      root_dir = root,
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'infra',
  callback = function(args)
    attach(args.buf)
  end,
})
