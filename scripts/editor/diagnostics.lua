-- Headless Neovim as an editor user runs it: open a file, start
-- `smslint server` with Neovim's built-in LSP client, wait for the
-- diagnostics it publishes and print them, one per line:
--   line:col-end_line:end_col severity code
-- (0-based; Neovim turns the server's UTF-16 positions into byte columns).
-- Run by scripts/test-editor with SMSLINT_BIN, SMSLINT_ROOT and SMSLINT_FILE.
local out = io.stdout
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SMSLINT_FILE))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "smslint",
  cmd = { vim.env.SMSLINT_BIN, "server" },
  root_dir = vim.env.SMSLINT_ROOT,
})
if not client then
  out:write("no client\n")
  vim.cmd("cquit 2")
end
vim.lsp.buf_attach_client(buffer, client)
local published = vim.wait(30000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 50)
if not published then
  out:write("no diagnostics\n")
  vim.cmd("cquit 1")
end
local severities = { "error", "warning", "info", "hint" }
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  out:write(string.format("%d:%d-%d:%d %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
    severities[d.severity] or "?", code))
end
out:flush()
vim.lsp.stop_client(client)
vim.cmd("qall!")
