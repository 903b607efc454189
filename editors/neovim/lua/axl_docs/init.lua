-- axl-docs for Neovim (0.7 and later): starts `axl-docs lsp` for Python buffers with the built-in
-- LSP client, passes settings, and maps a key to the "Generate docstring" code action.
--
--   require("axl_docs").setup({ settings = { style = "numpy" }, keymap = "<leader>ad" })
--
-- Diagnostics and code actions then work through the usual vim.lsp handlers
-- (vim.diagnostic, vim.lsp.buf.code_action()); completion plugins such as nvim-cmp show the
-- docstring item after typing """, and `complete_docstring()` applies it without a plugin.
local M = {}

M.defaults = {
  cmd = { "axl-docs", "lsp" },
  filetypes = { "python" },
  -- The server's settings (camelCase keys as in editors/README.md), e.g. { style = "numpy",
  -- wrap = 72, diagnostics = { severity = "hint" } }. Sent in initialize and on every
  -- workspace/configuration request; a project's pyproject.toml [tool.axl-docs] applies under them.
  settings = {},
  root_markers = { "pyproject.toml", "setup.py", "setup.cfg", ".git" },
  -- Normal-mode keys for the docstring action at the cursor (false: no mapping).
  keymap = "<leader>ad",
  -- Insert-mode keys that accept the """ docstring completion without a completion plugin.
  complete_keymap = "<C-x><C-d>",
  on_attach = nil, -- function(client, bufnr) called after our own attach work
}

M.config = vim.deepcopy(M.defaults)
local NAME = "axl-docs"
local clients = {} -- root_dir -> client id (Neovim 0.7 has no vim.lsp.start to reuse clients)

-- An empty Lua table encodes as a JSON array; the server wants objects.
local function as_object(t)
  if t == nil or next(t) == nil then return vim.empty_dict() end
  return t
end

local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then found = vim.fn.finddir(marker, dir .. ";") end
    if found ~= "" then return (vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git/?$", "")) end
  end
  return dir
end

-- The axl-docs client attached to `bufnr`, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) -- 0.10+
    or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(attached) do
    if client.name == NAME then return client end
  end
  return nil
end

-- 0.11 made client methods colon calls (dot calls warn there); 0.7-0.10 only have dot calls.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then return client:request(method, params, handler, bufnr) end
  return client.request(method, params, handler, bufnr)
end

local function notify(msg, level)
  vim.notify("axl-docs: " .. msg, level or vim.log.levels.INFO)
end

local HEADER = { "^%s*def%s+[%a_]", "^%s*async%s+def%s+[%a_]", "^%s*class%s+[%a_]" }

local function is_header(line)
  for _, p in ipairs(HEADER) do
    if line:match(p) then return true end
  end
  return false
end

-- The 0-based line of the def/class header the cursor belongs to (the server offers the action
-- for a definition whose header overlaps the requested range), or nil at module level.
function M.enclosing_header(lines, cursor) -- cursor: 0-based
  local function indent(l) return #l:match("^%s*") end
  local function blank(l) return l:match("^%s*$") or l:match("^%s*#") end
  local i = cursor
  while lines[i + 1] and lines[i + 1]:match("^%s*@") do i = i + 1 end
  if lines[i + 1] and is_header(lines[i + 1]) then return i end
  local limit = blank(lines[cursor + 1] or "") and math.huge or indent(lines[cursor + 1])
  for j = cursor - 1, 0, -1 do
    local l = lines[j + 1]
    if not blank(l) and indent(l) < limit then
      if is_header(l) then return j end
      if indent(l) == 0 then return nil end
      limit = indent(l)
    end
  end
  return nil
end

local CONTENT_MODIFIED = -32801

-- Neovim sends didChange after a short debounce, so a request made right after an edit can meet
-- the server's ContentModified answer; the request is then simply asked again.
local function retry_or_report(err, attempt, again)
  if err.code == CONTENT_MODIFIED and attempt < 5 then
    vim.defer_fn(function() again(attempt + 1) end, 200)
  else
    notify(err.message, vim.log.levels.WARN)
  end
end

local function apply_action(client, action, bufnr, done, attempt, again)
  local function apply(a)
    if a.edit then vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or "utf-16") end
    if done then done(a) end
  end
  if action.edit then return apply(action) end
  request(client, "codeAction/resolve", action, function(err, resolved)
    if err then return retry_or_report(err, attempt, again) end
    apply(resolved)
  end, bufnr)
end

-- Generates (or updates) the docstring of the function/class around the cursor.
-- `done(action)` runs after the edit is applied (used by the tests).
function M.generate_docstring(done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then return notify("the server is not attached to this buffer", vim.log.levels.WARN) end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local line = M.enclosing_header(lines, vim.api.nvim_win_get_cursor(0)[1] - 1)
  if not line then return notify("put the cursor in a function or class") end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = line, character = 0 }, ["end"] = { line = line, character = #lines[line + 1] } },
    context = { diagnostics = {}, only = { "refactor.rewrite" } },
  }
  local function attempt(n)
    request(client, "textDocument/codeAction", params, function(err, actions)
      if err then return retry_or_report(err, n, attempt) end
      for _, a in ipairs(actions or {}) do
        if a.data or a.edit then return apply_action(client, a, bufnr, done, n, attempt) end
      end
      notify("this docstring is already up to date")
    end, bufnr)
  end
  attempt(1)
end

-- Fills in every missing docstring of the buffer (the server applies the edit itself).
function M.document_file()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then return notify("the server is not attached to this buffer", vim.log.levels.WARN) end
  local function attempt(n)
    request(client, "workspace/executeCommand", {
      command = "axl-docs.generateFileDocstrings",
      arguments = { { uri = vim.uri_from_bufnr(bufnr) } },
    }, function(err)
      if err then retry_or_report(err, n, attempt) end
    end, bufnr)
  end
  attempt(1)
end

-- After typing """ on the first line of a body: asks the server for the docstring completion and
-- applies its text edit (what nvim-cmp does on accept; 0.7's omnifunc cannot insert several lines).
function M.complete_docstring(done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then return end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local function attempt(n)
    request(client, "textDocument/completion", params, function(err, result)
      if err then return retry_or_report(err, n, attempt) end
      if not result then return end
      local items = result.items or result
      local item = items[1]
      if not item or not item.textEdit then return notify("no docstring here") end
      vim.lsp.util.apply_text_edits({ item.textEdit }, bufnr, client.offset_encoding or "utf-16")
      -- Leave the cursor at the end of the summary line, ready to edit it.
      local start = item.textEdit.range.start
      local first = item.textEdit.newText:match("^[^\n]*")
      pcall(vim.api.nvim_win_set_cursor, 0, { start.line + 1, start.character + #first - 3 })
      if done then done(item) end
    end, bufnr)
  end
  attempt(1)
end

-- Replaces the server settings of the running clients (and of those started later).
function M.update_settings(settings)
  M.config.settings = settings or {}
  local section = { [NAME] = as_object(M.config.settings) }
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ name = NAME }) or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == NAME then
      client.config.settings = section -- what Neovim answers the server's configuration pull with
      if vim.fn.has("nvim-0.11") == 1 then
        client:notify("workspace/didChangeConfiguration", { settings = section })
      else
        client.notify("workspace/didChangeConfiguration", { settings = section })
      end
    end
  end
end

local function on_attach(client, bufnr)
  local function map(mode, lhs, fn, desc)
    if lhs then vim.keymap.set(mode, lhs, fn, { buffer = bufnr, silent = true, desc = desc }) end
  end
  map("n", M.config.keymap, function() M.generate_docstring() end, "axl-docs: generate docstring")
  map("i", M.config.complete_keymap, function() M.complete_docstring() end, "axl-docs: complete docstring")
  if M.config.on_attach then M.config.on_attach(client, bufnr) end
end

-- The client configuration (also what an nvim-lspconfig user would pass; see editors/README.md).
function M.client_config(bufnr)
  local settings = as_object(M.config.settings)
  return {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = find_root(bufnr),
    init_options = { [NAME] = settings },
    settings = { [NAME] = settings },
    on_attach = on_attach,
  }
end

-- Starts (or reuses) the server for `bufnr` and attaches it.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    return notify(("'%s' is not executable; build it with scripts/setup and put it on PATH or pass "
      .. "cmd = { '/path/to/axl-docs', 'lsp' } to setup()"):format(M.config.cmd[1]), vim.log.levels.ERROR)
  end
  local config = M.client_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a running client with the same name and root
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[config.root_dir]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    if not id then return end
    clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if opts and opts.settings then M.config.settings = opts.settings end -- replaced, not merged
  local group = vim.api.nvim_create_augroup("axl_docs", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) M.start(args.buf) end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.start(buf)
    end
  end
  vim.api.nvim_create_user_command("AxlDocsGenerate", function() M.generate_docstring() end, {})
  vim.api.nvim_create_user_command("AxlDocsDocumentFile", function() M.document_file() end, {})
  vim.api.nvim_create_user_command("AxlDocsStyle", function(a)
    M.update_settings(vim.tbl_extend("force", M.config.settings, { style = a.args }))
  end, { nargs = 1, complete = function() return { "google", "numpy", "sphinx", "epytext", "pep257" } end })
end

return M
