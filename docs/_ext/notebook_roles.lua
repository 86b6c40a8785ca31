-- Sphinx roles in the examples' text, for the notebooks' Markdown cells (a pandoc filter).
--
-- pandoc reads a role it does not know, such as :doc:`/cnn`, as code with a "role" attribute.
-- A notebook cannot resolve it, so it becomes a link to the hosted page: pages and examples by
-- the titles and addresses in the JSON file named by the metadata field dln_links, the
-- library's objects to their API pages. Other roles become inline code.
--
-- Converted one text block at a time, pandoc makes the first heading of every block a level-1
-- heading: only the example's title stays at level 1. With the metadata field
-- dln_whole_notebook (all the blocks of a notebook in one run, dln_notebooks.py), the levels
-- are already right.

local links = {}
local api_url = nil
local example_titles = {}
local whole_notebook = false

local function read_links(meta)
  local path = meta.dln_links and pandoc.utils.stringify(meta.dln_links)
  if not path then
    error("notebook_roles.lua needs -M dln_links=FILE")
  end
  local file = assert(io.open(path, "r"))
  local data = pandoc.json.decode(file:read("a"), false)
  file:close()
  links = data.targets
  whole_notebook = meta.dln_whole_notebook ~= nil
  api_url = data.api
  for key, link in pairs(links) do
    if key:match("^sphx_glr_") then
      example_titles[link.title] = true
    end
  end
end

function Header(el)
  if whole_notebook then
    return nil
  end
  if el.level == 1 and example_titles[pandoc.utils.stringify(el)] then
    return nil
  end
  el.level = el.level + 1
  return el
end

local function split_title(text)
  local title, target = text:match("^(.-)%s*<([^>]+)>$")
  if target then
    return title, target
  end
  return nil, text
end

local function code(el)
  local _, target = split_title(el.text)
  local shown = target
  if target:sub(1, 1) == "~" then
    target = target:sub(2)
    shown = target:match("([^.]+)$")
  end
  return target, pandoc.Code(shown)
end

function Code(el)
  local role = el.attributes.role
  if not role then
    return nil
  end
  if role == "doc" or role == "ref" then
    local title, target = split_title(el.text)
    local key = role == "doc" and ("/" .. target:gsub("^/", "")) or target
    local link = links[key]
    if not link then
      error("no address for :" .. role .. ":`" .. el.text .. "`: add it to the links file")
    end
    return pandoc.Link(title or link.title, link.url)
  end
  local target, shown = code(el)
  if target:match("^deeplearn_notes%.") then
    return pandoc.Link(shown, api_url .. target .. ".html")
  end
  return shown
end

return {
  { Meta = read_links },
  { Code = Code, Header = Header },
}
