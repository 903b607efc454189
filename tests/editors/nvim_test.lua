-- Real-editor test: Neovim (0.7.2 from Debian) headless, driving the real `axl-docs lsp` through
-- editors/neovim. Run by tests/editors/CMakeLists.txt:
--   nvim --headless -u NONE -i NONE -c "luafile nvim_test.lua"   (env: AXL_DOCS, AXL_REPO, AXL_WORK)
-- Any failure prints the reason and the buffer, and exits non-zero; every wait has a deadline.
local bin = assert(os.getenv("AXL_DOCS"), "AXL_DOCS unset")
local repo = assert(os.getenv("AXL_REPO"), "AXL_REPO unset")
local work = assert(os.getenv("AXL_WORK"), "AXL_WORK unset")
local WAIT_MS = 20000
-- pylsp imports its plugins (jedi, rope, pyflakes, ...) before it answers initialize and lints:
-- 2 s when idle, over 90 s on a 2-core machine loaded by builds.
local START_WAIT_MS = 150000

local function log(msg) io.stderr:write("nvim_test: " .. msg .. "\n") end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf or 0, 0, -1, false), "\n") .. "\n"
end

local function fail(msg)
  error({ msg = msg }, 0)
end

local function check(cond, msg)
  if not cond then fail(msg) end
end

local function wait_for(what, cond, ms)
  ms = ms or WAIT_MS
  if not vim.wait(ms, cond, 20) then fail("timed out after " .. ms .. " ms waiting for " .. what) end
end

local function find_line(buf, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if l:match(pattern) then return i - 1 end
  end
  fail("no line matches " .. pattern)
end

-- python3 -c ast.parse on the buffer's text: the edit left valid Python.
local function assert_parses(buf)
  local path = work .. "/parse_check.py"
  local f = assert(io.open(path, "w"))
  f:write(buffer_text(buf))
  f:close()
  local out = vim.fn.system({ "python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", path })
  check(vim.v.shell_error == 0, "the buffer no longer parses as Python:\n" .. out)
end

-- The lines from `first` (0-based) through the closing quotes of the docstring opened there.
local function docstring_lines(buf, first)
  local lines = vim.api.nvim_buf_get_lines(buf, first, -1, false)
  local out = { lines[1] }
  if select(2, lines[1]:gsub('"""', "")) >= 2 then return out end
  for i = 2, #lines do
    out[#out + 1] = lines[i]
    if lines[i]:match('"""') then return out end
  end
  fail("docstring opened on line " .. (first + 1) .. " never closes")
end

local function run()
  check(vim.fn.executable(bin) == 1, bin .. " is not an executable")
  vim.opt.rtp:append(repo .. "/editors/neovim")
  vim.cmd("filetype on")
  local axl = require("axl_docs")
  -- numpy style proves the settings reach the server (its default is google).
  axl.setup({ cmd = { bin, "lsp" }, settings = { style = "numpy" }, keymap = "<leader>ad" })

  local path = work .. "/sample.py"
  local f = assert(io.open(path, "w"))
  f:write([[
import os


def add(a: int, b: int = 2) -> int:
    return a + b


class Greeter:
    def greet(self, name):
        if not name:
            raise ValueError("empty")
        return "hi " + name
]])
  f:close()
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "python", "filetype is '" .. vim.bo[buf].filetype .. "', not python")

  -- 1. The server starts and attaches beside pylsp (Debian's python3-pylsp), the user's other
  -- Python server, as a second client on the same buffer; the key map is in place.
  local pylsp_id = vim.lsp.start_client({ name = "pylsp", cmd = { "pylsp" }, root_dir = work })
  check(pylsp_id, "pylsp did not start")
  vim.lsp.buf_attach_client(buf, pylsp_id)
  wait_for("pylsp to initialize", function()
    local c = vim.lsp.get_client_by_id(pylsp_id)
    return c ~= nil and c.initialized
  end, START_WAIT_MS)
  wait_for("the axl-docs client to attach and initialize", function()
    local c = axl.client(buf)
    return c ~= nil and c.initialized
  end)
  local names = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do names[#names + 1] = c.name end
  table.sort(names)
  log("clients on the buffer: " .. table.concat(names, " "))
  check(table.concat(names, " ") == "axl-docs pylsp", "expected axl-docs and pylsp on the buffer")
  log("server attached: " .. vim.inspect(axl.client(buf).server_capabilities and "ok" or "?"))
  check(vim.fn.maparg("<leader>ad", "n") ~= "", "the <leader>ad mapping is missing")

  -- 2. Diagnostics for the undocumented module, function, class and method (pylsp's pyflakes and
  -- pycodestyle ones share the buffer: ours are told apart by their source).
  local function ours()
    return vim.tbl_filter(function(d) return d.source == "axl-docs" end, vim.diagnostic.get(buf))
  end
  wait_for("diagnostics", function() return #ours() >= 4 end)
  local codes = {}
  for _, d in ipairs(ours()) do
    codes[#codes + 1] = (d.lnum + 1) .. ":" .. tostring(d.code)
  end
  table.sort(codes)
  log("diagnostics: " .. table.concat(codes, " "))
  -- pylsp works on the same buffer: its pyflakes reports the unused import.
  wait_for("pylsp's pyflakes diagnostic on `import os`", function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.source == "pyflakes" and d.lnum == 0 then return true end
    end
    return false
  end, START_WAIT_MS)
  for _, want in ipairs({ "1:D100", "4:D103", "8:D101", "9:D102" }) do
    check(vim.tbl_contains(codes, want), "missing diagnostic " .. want .. " (got " .. table.concat(codes, " ") .. ")")
  end

  -- 3. Code actions at `def add` through Neovim's own vim.lsp.buf.code_action(), which asks both
  -- clients: the user picks "Generate docstring for `add`" in the vim.ui.select menu (resolve +
  -- apply are Neovim's).
  local def_line = find_line(buf, "^def add")
  vim.api.nvim_win_set_cursor(0, { def_line + 1, 4 })
  local offered, picked = nil, nil
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    for i, item in ipairs(items) do
      local action = item[2] or item.action or item -- 0.7: {client_id, action}; later: {action=, ctx=}
      local title = action.title or ""
      offered[#offered + 1] = title
      if title == "Generate docstring for `add`" then
        picked = title
        return on_choice(item, i)
      end
    end
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  wait_for("the code action menu", function() return offered ~= nil end)
  log("code actions at def add: " .. table.concat(offered, " | "))
  check(picked, "no 'Generate docstring for `add`' action was offered")
  wait_for("the docstring edit on add", function()
    return (vim.api.nvim_buf_get_lines(buf, def_line + 1, def_line + 2, false)[1] or ""):match('^    """') ~= nil
  end)
  local doc = docstring_lines(buf, def_line + 1)
  log("add's docstring:\n" .. table.concat(doc, "\n"))
  check(doc[1]:match('^    """%u'), "the summary line is not indented by 4 spaces: " .. doc[1])
  check(doc[#doc] == '    """', "the closing quotes are not on their own line at indent 4: " .. doc[#doc])
  local joined = table.concat(doc, "\n")
  check(joined:find("\n    Parameters\n    ----------\n", 1, true), "no numpy Parameters section (settings not applied?)")
  check(joined:find("\n    a : int\n", 1, true), "parameter a is not documented with its type")
  check(joined:find("\n    b : int, default 2\n", 1, true) or joined:find("\n    b : int", 1, true), "parameter b missing")
  for _, l in ipairs(doc) do
    check(l == "" or l:match("^    "), "docstring line escapes the body's indentation: '" .. l .. "'")
  end
  check(vim.api.nvim_buf_get_lines(buf, def_line + #doc + 1, def_line + #doc + 2, false)[1] == "    return a + b",
    "the function body after the docstring changed")
  assert_parses(buf)

  -- 4. The module's own mapping path (generate_docstring) on a method: cursor inside its body.
  local greet_line = find_line(buf, "^    def greet")
  vim.api.nvim_win_set_cursor(0, { greet_line + 3, 8 }) -- on `raise ValueError`
  local done = false
  axl.generate_docstring(function() done = true end)
  wait_for("generate_docstring on greet", function() return done end)
  doc = docstring_lines(buf, greet_line + 1)
  log("greet's docstring:\n" .. table.concat(doc, "\n"))
  check(doc[1]:match('^        """%u'), "method docstring not indented by 8 spaces: " .. doc[1])
  check(doc[#doc] == '        """', "method docstring's closing quotes misplaced: " .. doc[#doc])
  joined = table.concat(doc, "\n")
  check(joined:find("\n        Raises\n        ------\n        ValueError\n", 1, true), "Raises section missing")
  assert_parses(buf)

  -- 5. Type """ in a new function (real keystrokes in insert mode), then accept the completion
  -- with the insert-mode key the module maps.
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { "", "", "def scale(values, factor=2.0):", "    return [v * factor for v in values]" })
  local scale_line = find_line(buf, "^def scale")
  vim.api.nvim_win_set_cursor(0, { scale_line + 1, 0 })
  local completed = nil
  local orig = axl.complete_docstring
  axl.complete_docstring = function() orig(function(item) completed = item end) end
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('o    """<C-x><C-d><Esc>', true, false, true), "xt", false)
  axl.complete_docstring = orig
  wait_for("the docstring completion to be applied", function() return completed ~= nil end)
  log("completion item: " .. tostring(completed.label))
  doc = docstring_lines(buf, scale_line + 1)
  log("scale's docstring:\n" .. table.concat(doc, "\n"))
  check(doc[1]:match('^    """%u'), "completed docstring not at indent 4: " .. doc[1])
  check(doc[#doc] == '    """', "completed docstring's closing quotes misplaced: " .. doc[#doc])
  joined = table.concat(doc, "\n")
  check(joined:find("\n    values\n", 1, true) or joined:find("\n    values :", 1, true), "parameter values missing")
  check(joined:find("factor : float, default 2.0", 1, true) or joined:find("factor", 1, true), "parameter factor missing")
  check(vim.api.nvim_buf_get_lines(buf, scale_line + #doc + 1, scale_line + #doc + 2, false)[1]
    == "    return [v * factor for v in values]", "the body after the completed docstring changed")
  assert_parses(buf)

  -- 6. "Document file": the server computes the edits and sends them back with
  -- workspace/applyEdit, which Neovim's own handler applies.
  n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { "", "", "def last(x):", "    return x" })
  axl.document_file()
  wait_for("Document file to document `last`", function()
    local l = find_line(buf, "^def last")
    return (vim.api.nvim_buf_get_lines(buf, l + 1, l + 2, false)[1] or ""):match('^    """') ~= nil
  end)
  doc = docstring_lines(buf, find_line(buf, "^def last") + 1)
  log("last's docstring:\n" .. table.concat(doc, "\n"))
  check(doc[#doc] == '    """', "last's closing quotes misplaced: " .. doc[#doc])
  check(find_line(buf, '^"""'), "the module docstring (D100) was not added by Document file")
  assert_parses(buf)

  -- 7. Settings changed at run time (workspace/didChangeConfiguration) apply to the next edit.
  vim.cmd("AxlDocsStyle sphinx")
  n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { "", "", "def after(y: str) -> str:", "    return y" })
  local after_line = find_line(buf, "^def after")
  vim.api.nvim_win_set_cursor(0, { after_line + 1, 0 })
  done = false
  axl.generate_docstring(function() done = true end)
  wait_for("generate_docstring on after", function() return done end)
  doc = docstring_lines(buf, after_line + 1)
  log("after's docstring (sphinx):\n" .. table.concat(doc, "\n"))
  check(table.concat(doc, "\n"):find("\n    :param y: ", 1, true), "the sphinx style set at run time was not used")
  assert_parses(buf)

  -- 8. Once everything is documented, the diagnostics go away.
  wait_for("diagnostics to clear for the documented definitions", function()
    for _, d in ipairs(ours()) do
      if tostring(d.code):match("^D1") then return false end
    end
    return true
  end)
end

local ok, err = xpcall(run, function(e)
  return (type(e) == "table" and e.msg or tostring(e)) .. (type(e) == "table" and "" or "\n" .. debug.traceback())
end)
if ok then
  log("PASS")
  io.stderr:write("---- final buffer ----\n" .. buffer_text(0))
  vim.cmd("qall!")
else
  io.stderr:write("nvim_test: FAIL: " .. tostring(err) .. "\n---- buffer ----\n" .. buffer_text(0) .. "---- end ----\n")
  vim.cmd("cquit 1")
end
