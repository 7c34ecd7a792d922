// The site's search: the box in the header and the search page.
//
// The index (search/index.js, written by the build) is a script, loaded the first time a
// reader uses the search: a script loads from file:// and under script-src 'self', where
// fetch() would not. Every word of the query must begin a word of the page (in its title,
// headings or text), ignoring case and accents. Results are built as DOM nodes, never as
// HTML strings, so no text of the index is ever parsed as markup.
"use strict";

(function () {
  const INDEX_GLOBAL = "siteBuilderSearchIndex";
  const PANEL_LIMIT = 8; // results in the header's panel; the search page shows more
  const PAGE_LIMIT = 100;
  const EXCERPT = 180; // characters of text around the first match
  const WORD = /[\p{L}\p{N}]+/gu;

  let loading = null;

  // --- the index ------------------------------------------------------------------------

  function loadIndex(src) {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window[INDEX_GLOBAL]) {
          resolve(prepare(window[INDEX_GLOBAL]));
          return;
        }
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.addEventListener("load", function () {
          if (window[INDEX_GLOBAL]) resolve(prepare(window[INDEX_GLOBAL]));
          else reject(new Error("empty index"));
        });
        script.addEventListener("error", function () { reject(new Error("not loaded")); });
        document.head.appendChild(script);
      });
      loading.catch(function () { loading = null; }); // a later try may succeed
    }
    return loading;
  }

  // Lower case without accents, one UTF-16 unit for one, so a position found in the folded
  // text is the same position in the text shown.
  const folded = new Map();
  function foldChar(ch) {
    let out = folded.get(ch);
    if (out === undefined) {
      const bare = ch.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
      out = bare.length === 1 ? bare : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
      folded.set(ch, out);
    }
    return out;
  }
  function fold(text) {
    return text.replace(/[^\x00-\x7f]/g, foldChar).toLowerCase();
  }

  function prepare(index) {
    return index.pages.map(function (page) {
      return {
        page: page,
        title: fold(page.title),
        headings: fold(page.headings.join("\n")),
        text: fold(page.text),
        description: fold(page.description),
      };
    });
  }

  // --- matching -------------------------------------------------------------------------

  function terms(query) {
    const found = fold(query).match(WORD) || [];
    return Array.from(new Set(found)).slice(0, 10);
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // A term matches where it begins a word.
  function matcher(term) {
    return new RegExp("(?<![\\p{L}\\p{N}])" + escapeRegExp(term), "gu");
  }

  function count(regexp, text, most) {
    regexp.lastIndex = 0;
    let n = 0;
    while (n < most && regexp.exec(text) !== null) n += 1;
    return n;
  }

  function search(prepared, query) {
    const words = terms(query);
    if (!words.length) return { words: words, results: [] };
    const regexps = words.map(matcher);
    const results = [];
    prepared.forEach(function (entry, order) {
      let score = 0;
      for (const regexp of regexps) {
        const inTitle = count(regexp, entry.title, 1);
        const inHeadings = count(regexp, entry.headings, 1);
        const inText = count(regexp, entry.text, 5);
        const inDescription = count(regexp, entry.description, 1);
        if (!inTitle && !inHeadings && !inText && !inDescription) return;
        score += 20 * inTitle + 6 * inHeadings + 3 * inDescription + inText;
      }
      results.push({ entry: entry, score: score, order: order });
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return { words: words, regexps: regexps, results: results };
  }

  // The text around the first match, cut at spaces; or the description, or the opening.
  function excerpt(entry, regexps) {
    const page = entry.page;
    let at = -1;
    for (const regexp of regexps) {
      regexp.lastIndex = 0;
      const found = regexp.exec(entry.text);
      if (found && (at < 0 || found.index < at)) at = found.index;
    }
    if (at < 0) {
      if (page.description) return page.description;
      at = 0;
    }
    let start = Math.max(0, at - Math.floor(EXCERPT / 3));
    let end = Math.min(page.text.length, start + EXCERPT);
    if (start > 0) {
      const space = page.text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    if (end < page.text.length) {
      const space = page.text.lastIndexOf(" ", end);
      end = space > at ? space : end;
    }
    return (start > 0 ? "… " : "") + page.text.slice(start, end) + (end < page.text.length ? " …" : "");
  }

  // `text` as nodes, each match of `regexps` in a <mark>.
  function marked(text, regexps) {
    const foldedText = fold(text);
    const spans = [];
    for (const regexp of regexps) {
      regexp.lastIndex = 0;
      let found;
      while ((found = regexp.exec(foldedText)) !== null) {
        spans.push([found.index, found.index + found[0].length]);
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of spans) {
      if (start < at) continue;
      fragment.append(text.slice(at, start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      fragment.append(mark);
      at = end;
    }
    fragment.append(text.slice(at));
    return fragment;
  }

  // --- showing results ------------------------------------------------------------------

  // `root` is the way from this page to the site's root ("../../"): every link stays
  // relative, as all the site's links are.
  function resultItem(result, regexps, root) {
    const page = result.entry.page;
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-link";
    link.setAttribute("href", root + page.url);
    link.append(marked(page.title, regexps));
    item.append(link);
    if (page.area) {
      const area = document.createElement("span");
      area.className = "search-result-area";
      area.textContent = page.area;
      item.append(area);
    }
    const text = document.createElement("p");
    text.className = "search-result-excerpt";
    text.append(marked(excerpt(result.entry, regexps), regexps));
    item.append(text);
    return item;
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  /** The words for `count`, in the plural form the page's language uses for it: the
   *  template gives data-text-NAME-CATEGORY per plural category (Intl.PluralRules). */
  function sayCount(texts, name, count, values) {
    const language = document.documentElement.lang || undefined;
    let category = "other";
    let written = String(count);
    try {
      category = new Intl.PluralRules(language).select(count);
      written = new Intl.NumberFormat(language).format(count);
    } catch (error) { /* a language the browser does not know */ }
    const base = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    const key = base + category.charAt(0).toUpperCase() + category.slice(1);
    return say(texts[key] || texts[base + "Other"] || "", Object.assign({}, values, { count: written }));
  }

  function summary(box, found, query) {
    const texts = box.dataset;
    if (!found.results.length) return say(texts.textNone, { query: query.trim() });
    return sayCount(texts, "found", found.results.length, { query: query.trim() });
  }

  function show(list, found, limit, root) {
    list.replaceChildren();
    for (const result of found.results.slice(0, limit)) {
      list.append(resultItem(result, found.regexps, root));
    }
  }

  // --- the header's box -----------------------------------------------------------------

  function headerBox(box) {
    const form = box.querySelector("form");
    const input = form.querySelector("input[type=search]");
    const panel = box.querySelector(".site-search-panel");
    const list = panel.querySelector("ol");
    const heading = panel.querySelector(".site-search-summary");
    const more = panel.querySelector(".site-search-more");
    const status = box.querySelector("[role=status]");
    const root = form.dataset.root.replace(/index\.html$/, "");
    let timer = 0;
    let asked = 0;

    function close() { panel.hidden = true; }

    function run() {
      const query = input.value;
      const ask = ++asked;
      if (!terms(query).length) {
        close();
        status.textContent = "";
        return;
      }
      heading.textContent = box.dataset.textLoading;
      panel.hidden = false;
      loadIndex(form.dataset.index).then(function (prepared) {
        if (ask !== asked) return;
        const found = search(prepared, query);
        const words = summary(box, found, query);
        heading.textContent = words;
        status.textContent = words;
        show(list, found, PANEL_LIMIT, root);
        const all = new URL(form.getAttribute("action"), document.baseURI);
        all.searchParams.set("q", query.trim());
        more.href = all.href;
        more.textContent = sayCount(box.dataset, "more", found.results.length, {});
        more.hidden = found.results.length <= PANEL_LIMIT;
        panel.hidden = false;
      }, function () {
        if (ask !== asked) return;
        heading.textContent = box.dataset.textFailed;
        status.textContent = box.dataset.textFailed;
        list.replaceChildren();
        more.hidden = true;
      });
    }

    input.addEventListener("focus", function () { loadIndex(form.dataset.index).catch(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    form.addEventListener("submit", function (event) {
      // form-action 'none' stays in the policy: the script goes to the search page itself.
      event.preventDefault();
      if (!terms(input.value).length) return;
      const target = new URL(form.getAttribute("action"), document.baseURI);
      target.searchParams.set("q", input.value.trim());
      window.location.assign(target.href);
    });

    function links() { return Array.from(panel.querySelectorAll("a:not([hidden])")); }

    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
        input.focus();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      if (panel.hidden) return;
      const all = links();
      if (!all.length) return;
      const at = all.indexOf(document.activeElement);
      event.preventDefault();
      if (event.key === "ArrowDown") all[Math.min(at + 1, all.length - 1)].focus();
      else if (at <= 0) input.focus();
      else all[at - 1].focus();
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) close();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    input.addEventListener("click", function () { if (terms(input.value).length) run(); });

    // "/" puts the cursor in the box, unless the reader is typing somewhere.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      input.focus();
    });
  }

  // --- the search page ------------------------------------------------------------------

  function searchPage(box) {
    const form = box.querySelector("form");
    const input = form.querySelector("input[type=search]");
    const list = box.querySelector("ol");
    const status = box.querySelector("[role=status]");
    const note = box.querySelector(".search-page-more");
    const root = form.dataset.root.replace(/index\.html$/, "");
    let timer = 0;
    let asked = 0;

    function run(remember) {
      const query = input.value;
      const ask = ++asked;
      if (remember) {
        const here = new URL(window.location.href);
        if (query.trim()) here.searchParams.set("q", query.trim());
        else here.searchParams.delete("q");
        window.history.replaceState(null, "", here.href);
      }
      if (!terms(query).length) {
        list.replaceChildren();
        status.textContent = box.dataset.textEmpty;
        note.hidden = true;
        return;
      }
      status.textContent = box.dataset.textLoading;
      loadIndex(form.dataset.index).then(function (prepared) {
        if (ask !== asked) return;
        const found = search(prepared, query);
        status.textContent = summary(box, found, query);
        show(list, found, PAGE_LIMIT, root);
        note.hidden = found.results.length <= PAGE_LIMIT;
      }, function () {
        if (ask !== asked) return;
        status.textContent = box.dataset.textFailed;
        list.replaceChildren();
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 120);
    });
    const query = new URL(window.location.href).searchParams.get("q") || "";
    input.value = query;
    run(false);
    if (!query) input.focus();
  }

  function start() {
    document.querySelectorAll("[data-site-search]").forEach(headerBox);
    document.querySelectorAll("[data-search-page]").forEach(searchPage);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
