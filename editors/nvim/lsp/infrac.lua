-- infrac's language server for Neovim 0.11+ (`:help lsp-config`): put this folder on
-- 'runtimepath' (or copy this file to ~/.config/nvim/lsp/infrac.lua), then
--
--   vim.lsp.enable('infrac')
--
-- Diagnostics, hover, go to definition, completion, document symbols, quick fixes and
-- formatting (`vim.lsp.buf.format()`) all come from `infrac lsp`.
return {
  cmd = { 'infrac', 'lsp' },
  filetypes = { 'infra' },
  -- infrac.toml holds the lint settings; the server finds it by walking up from each file.
  root_markers = { 'infrac.toml', '.git' },
}
