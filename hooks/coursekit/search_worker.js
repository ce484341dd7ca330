/* The course's search worker. It takes the place of Material 9.8.1's lunr worker (hooks/coursekit/search_worker.py
 * copies it over assets/javascripts/workers/search.*.min.js at build time) and speaks the same messages, so Material's
 * search box, result list, "検索に含まれない" line and page highlighting stay as they are.
 *
 * Matching is on the text as typed, not on words: Japanese has no spaces, and no segmenter agrees with every
 * compound a reader types. Each section's title and text are folded once (NFKC, lower case, white space dropped, a
 * tag is a boundary), and each word of the query (split at spaces) is looked for as a substring:
 *   1. sections with the whole query (words joined) rank first, then by the number of words they contain,
 *   2. a section without a Japanese word of 3+ characters, but with at least half of its character bigrams,
 *      follows all of those ("居住支援" → 居住, 住支, 支援), so a reader still sees pages with its parts,
 *   3. ties go to the title, then to how often the words occur, rare words counting more.
 * A term is reported missing only when the section does not contain it. Highlights wrap exactly what matched.
 *
 * Messages (Material 9.8.1, integrations/search/worker/message): {type: 0, data: {config, docs, options}} → {type: 1};
 * {type: 2, data: query} → {type: 3, data: {items: [[article, ...sections], ...]}}. Runs as a plain worker, and on
 * file:// inside the iframe-worker shim (docs/assets/vendor/iframe-worker), so it uses no importScripts or modules.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const BOUNDARY = "\u0000"
const LATIN = /^[a-z0-9]$/              // after folding; a space between two of these is kept
const latin = c => c !== undefined && LATIN.test(c)
const JAPANESE = /[\u3041-\u30FF\u3400-\u9FFF\uF900-\uFAFF々〆ヶ]/
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" }

let sections = []                    // {doc, page, title: Field, text: Field}
const folded = new Map()             // one character -> its folded form (a cache)

/* ------------------------------------------------------------------------------------------ folding */

function foldChar(ch) {
  let out = folded.get(ch)
  if (out === undefined) {
    out = ch.normalize("NFKC").toLowerCase().replace(/\s+/g, " ")
    folded.set(ch, out)
  }
  return out
}

/* The text as it is searched ("plain"), and for each of its characters the range of the source it came from. */
function fold(source) {
  const plain = [], from = [], to = []
  for (let i = 0; i < source.length;) {
    let ch = source[i], end = i + 1
    if (ch === "<" && source.indexOf(">", i) !== -1) {     // a tag, as Material's own extract() reads it
      end = source.indexOf(">", i) + 1
      ch = BOUNDARY
    } else {
      const entity = ch === "&" && /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(i, i + 12))
      if (entity) {
        end = i + entity[0].length
        const name = entity[1]
        ch = name[0] !== "#" ? ENTITIES[name.toLowerCase()] ?? entity[0]
          : String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10))
      } else if (ch >= "\ud800" && ch <= "\udbff") {
        end = i + 2
        ch = source.slice(i, end)
      }
      ch = foldChar(ch)
    }
    for (let k = 0; k < ch.length; k++) {
      const last = plain[plain.length - 1]
      if (ch[k] === " " && !latin(last)) continue      // a space is kept only after a Latin word ...
      if (last === " " && !latin(ch[k])) {            // ... that another follows
        plain.pop(), from.pop(), to.pop()
      }
      plain.push(ch[k])
      from.push(i)
      to.push(end)
    }
    i = end
  }
  if (plain[plain.length - 1] === " ") plain.pop(), from.pop(), to.pop()
  return { source, plain: plain.join(""), from, to, blocks: null }
}

/* A query folded as the text is: spaces kept only between Latin words ("居住 支援" -> 居住支援, "act team" stays). */
function foldQuery(value) {
  const chars = [...value.normalize("NFKC").toLowerCase().replace(/\u0000/g, "").replace(/\s+/g, " ").trim()]
  return chars.filter((c, k) => c !== " " || (latin(chars[k - 1]) && latin(chars[k + 1]))).join("")
}

/* Words of the query, split at white space. Lunr's syntax (+word -word word* word~1 "a b" title:word) is read as
 * the words in it: a reader who types it still finds the words. */
function queryWords(query) {
  const words = []
  for (let word of query.normalize("NFKC").toLowerCase().replace(/["\u0000]/g, " ").split(/\s+/)) {
    word = word.replace(/^[+-]+/, "").replace(/(?:[~^]\d*|\*)+$/, "").replace(/^(?:title|text|tags):/, "")
    if (word && !words.includes(word)) words.push(word)
  }
  return words
}

/* --------------------------------------------------------------------------------------------- matching */

function occurrences(field, word, limit = Infinity) {
  const found = []
  for (let at = field.plain.indexOf(word); at >= 0 && found.length < limit; at = field.plain.indexOf(word, at + 1))
    found.push(at)
  return found
}

/* How often a word occurs, counting an occurrence inside a Latin word ("act" in "fact") as a quarter. */
function wordStarts(field, word, found) {
  if (!latin(word[0])) return found.length
  return found.reduce((n, at) => n + (latin(field.plain[at - 1]) ? 0.25 : 1), 0)
}

function bigrams(word) {
  const grams = new Set()
  for (let i = 0; i + 2 <= word.length; i++) grams.add(word.slice(i, i + 2))
  return [...grams]
}

/* Pieces of a word that a section has (longest first, left to right), for a section without the whole word. */
function pieces(word, has) {
  const found = []
  for (let i = 0; i < word.length - 1;) {
    let j = word.length
    while (j - i >= 2 && !has(word.slice(i, j))) j--
    if (j - i >= 2) {
      found.push(word.slice(i, j))
      i = j
    } else {
      i++
    }
  }
  return found
}

/* ------------------------------------------------------------------------------------------ highlighting */

/* Top-level blocks of the text (an element, or text between elements), as Material's teaser shows them. */
function blocks(field) {
  if (field.blocks) return field.blocks
  const src = field.source, spans = []
  let depth = 0, start = 0
  for (let i = 0; i < src.length;) {
    if (src[i] === "<" && src.indexOf(">", i) !== -1) {
      const end = src.indexOf(">", i) + 1
      const closing = src[i + 1] === "/", selfClosing = src[end - 2] === "/"
      if (depth === 0 && i > start && src.slice(start, i).trim()) spans.push([start, i])
      if (depth === 0 && !closing) start = i
      if (closing) {
        depth = Math.max(0, depth - 1)
        if (depth === 0) {
          spans.push([start, end])
          start = end
        }
      } else if (!selfClosing) {
        depth++
      }
      i = end
    } else {
      i++
    }
  }
  if (start < src.length && src.slice(start).trim()) spans.push([start, src.length])
  return field.blocks = spans
}

/* Source ranges of the matches, given [plain start, length] pairs. */
function ranges(field, matches) {
  const out = matches.map(([at, length]) => [field.from[at], field.to[at + length - 1]]).sort((a, b) => a[0] - b[0])
  const merged = []
  for (const r of out) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push(r)
  }
  return merged
}

function mark(source, spans, start = 0, end = source.length) {
  let out = "", cursor = start
  for (const [a, b] of spans) {
    if (b <= start || a >= end) continue
    out += source.slice(cursor, a) + "<mark>" + source.slice(a, b) + "</mark>"
    cursor = b
  }
  return out + source.slice(cursor, end)
}

/* The title in full; the text as the first two blocks that have a match (all of it when nothing matched in it). */
function highlight(field, matches, full) {
  if (!matches.length) return field.source
  const spans = ranges(field, matches)
  if (full) return mark(field.source, spans)
  const shown = []
  for (const [a, b] of blocks(field)) {
    if (spans.some(([s, e]) => s < b && e > a)) shown.push(mark(field.source, spans, a, b))
    if (shown.length === 2) break
  }
  return shown.join("")
}

/* --------------------------------------------------------------------------------------------- search */

function setup({ docs }) {
  const pages = new Map()
  sections = docs.map(doc => {
    const page = doc.location.split("#")[0]
    if (!pages.has(page)) pages.set(page, doc)
    const title = fold(doc.title || ""), text = fold(doc.text || "")
    return { doc, page, article: pages.get(page), title, text, grams: new Set([...bigrams(title.plain), ...bigrams(text.plain)]) }
  })
}

function search(query) {
  const words = queryWords(query)
  if (!words.length) return { items: [] }
  const phrase = words.length > 1 ? foldQuery(query.replace(/"/g, " ")) : ""

  /* Which words each section has, and how often */
  const found = sections.map(s => words.map(w => ({
    title: occurrences(s.title, w), text: occurrences(s.text, w)
  })))
  const df = words.map((_, k) => found.filter(f => f[k].title.length + f[k].text.length > 0).length)
  const idf = df.map(n => Math.log(1 + sections.length / (1 + n)))

  const scored = []
  sections.forEach((s, i) => {
    const terms = {}, marks = { title: [], text: [] }
    let matched = 0, partial = 0, weight = 0
    words.forEach((w, k) => {
      const { title, text } = found[i][k]
      if (title.length + text.length > 0) {
        matched++
        terms[w] = true
        weight += idf[k] * (3 * (title.length > 0) + Math.log2(1 + wordStarts(s.text, w, text)))
        marks.title.push(...title.map(at => [at, w.length]))
        marks.text.push(...text.slice(0, 50).map(at => [at, w.length]))
        return
      }
      if (JAPANESE.test(w) && w.length >= 3) {
        const grams = bigrams(w)
        const coverage = grams.filter(g => s.grams.has(g)).length / grams.length
        const has = piece => bigrams(piece).every(g => s.grams.has(g))
          && (piece.length === 2 || s.title.plain.includes(piece) || s.text.plain.includes(piece))
        if (coverage >= 0.5) {
          partial += coverage
          for (const piece of pieces(w, has)) {
            terms[piece] = true
            marks.title.push(...occurrences(s.title, piece).map(at => [at, piece.length]))
            marks.text.push(...occurrences(s.text, piece, 50).map(at => [at, piece.length]))
          }
        }
      }
      terms[w] = false
    })
    if (!matched && !partial) return
    const whole = phrase && (s.title.plain.includes(phrase) || s.text.plain.includes(phrase))
    if (whole) {
      marks.title.push(...occurrences(s.title, phrase).map(at => [at, phrase.length]))
      marks.text.push(...occurrences(s.text, phrase, 50).map(at => [at, phrase.length]))
    }
    /* Tiers first (whole query, words contained, share of a missing word's bigrams); a squashed weight inside a tier */
    const score = (whole ? 1e6 : 0) + matched * 1e4 + partial * 1e2 + 99 * (1 - Math.exp(-weight / 10))
    scored.push({ s, score, terms, marks })
  })
  scored.sort((a, b) => b.score - a.score)

  /* Group by page, best page first; every group carries its page (Material renders the page as the group's head) */
  const groups = new Map()
  for (const { s, score, terms, marks } of scored) {
    const item = {
      ...s.doc,
      title: highlight(s.title, marks.title, true),
      text: highlight(s.text, marks.text, false),
      score, terms
    }
    if (!groups.has(s.page)) groups.set(s.page, [])
    groups.get(s.page).push(item)
  }
  for (const [page, items] of groups) {
    if (!items.some(item => item.location === page)) {
      /* The page's own link opens the page with what its best section found marked (?h=) */
      const article = sections.find(s => s.page === page).article
      const found = Object.fromEntries(Object.entries(items[0].terms).filter(([, has]) => has))
      items.push({ ...article, score: 0, terms: found })
    }
  }
  return { items: [...groups.values()] }
}

function handle(message) {
  switch (message.type) {
    case SETUP:
      setup(message.data)
      return { type: READY }
    case QUERY:
      try {
        return { type: RESULT, data: search(message.data) }
      } catch (err) {
        console.warn(`Search failed for ${message.data}`, err)
        return { type: RESULT, data: { items: [] } }
      }
    default:
      throw new TypeError("Invalid message type")
  }
}

addEventListener("message", ev => {
  postMessage(handle(ev.data))
})
