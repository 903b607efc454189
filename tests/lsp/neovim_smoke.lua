-- A real client: Neovim's built-in LSP client (Debian's 0.7.2) against `axl-docs lsp`.
-- Run: AXL_DOCS=build/axl-docs PYFILE=/tmp/x.py nvim --headless -u NONE -c "luafile neovim_smoke.lua"
-- Opens the file, waits for diagnostics, takes the quick fix (resolving it when the edit is
-- lazy), applies it, saves, and checks the docstring and the cleared diagnostic. Exit 0 = pass.
local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local ok, err = pcall(function()
  local bin, file = os.getenv("AXL_DOCS"), os.getenv("PYFILE")
  vim.cmd("edit " .. file)
  local client_id = vim.lsp.start_client({
    name = "axl-docs",
    cmd = { bin, "lsp", "--no-model" }, -- the heuristic's exact words are checked
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  vim.lsp.buf_attach_client(0, client_id)
  if not vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 20) then
    return fail("no diagnostics")
  end
  local diags = vim.diagnostic.get(0)
  local d103
  for _, d in ipairs(diags) do
    if d.code == "D103" then d103 = d end
  end
  if not d103 then return fail("no D103 among " .. vim.inspect(diags)) end
  local client = vim.lsp.get_client_by_id(client_id)
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(0, d103.lnum)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    range = { start = { line = d103.lnum, character = 0 }, ["end"] = { line = d103.lnum, character = 0 } },
    context = { diagnostics = line_diags },
  }
  local res = client.request_sync("textDocument/codeAction", params, 10000, 0)
  if not res or res.err or not res.result or #res.result == 0 then
    return fail("no code actions: " .. vim.inspect(res))
  end
  local action = res.result[1]
  if not action.edit then
    local resolved = client.request_sync("codeAction/resolve", action, 10000, 0)
    if not resolved or resolved.err then return fail("resolve failed: " .. vim.inspect(resolved)) end
    action = resolved.result
  end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
  vim.cmd("write")
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  if not text:find('"""Return the user name.', 1, true) then return fail("docstring not inserted:\n" .. text) end
  -- The edit went to the server as didChange: the D103 diagnostic must go away.
  local cleared = vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.code == "D103" then return false end
    end
    return true
  end, 20)
  if not cleared then return fail("D103 still reported after the fix") end
  vim.lsp.stop_client(client_id)
  io.stderr:write("ok: neovim applied the quick fix (" .. (client.offset_encoding or "?") .. ")\n")
end)
if not ok then fail(tostring(err)) end
vim.cmd("qall!")
