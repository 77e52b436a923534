-- Headless Neovim as an editor user runs it: the init file is the documented
-- Neovim snippet (docs/editor.md), which starts `smslint server` and attaches it when a
-- file is read; this opens SMSLINT_FILE, waits for the diagnostics the
-- server publishes and prints them, one per line:
--   line:col-end_line:end_col severity code
-- (0-based; Neovim turns the server's UTF-16 positions into byte columns).
-- Run by scripts/test-editor.
local out = io.stdout
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SMSLINT_FILE))
local buffer = vim.api.nvim_get_current_buf()
local published = vim.wait(30000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 50)
if not published then
  local attached = #vim.lsp.get_active_clients() > 0
  out:write(attached and "no diagnostics\n" or "no client attached\n")
  out:flush()
  vim.cmd("cquit 1")
end
local severities = { "error", "warning", "info", "hint" }
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  out:write(string.format("%d:%d-%d:%d %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
    severities[d.severity] or "?", code))
end
out:flush()
for _, client in ipairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.cmd("qall!")
