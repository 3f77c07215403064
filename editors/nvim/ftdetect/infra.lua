-- `*.infra` files are infrac designs.
vim.cmd([[autocmd BufRead,BufNewFile *.infra setfiletype infra]])
