// Search ranking for deeplearn-notes: Sphinx's default weights, plus a boost for pages whose own
// title contains the query. Without it, "tensor" ranks every page with a "tensor" heading
// equally and the page titled "Tensors" lands wherever the alphabet puts it.
var Scorer = {
  score: (result) => {
    const [, title, anchor, , score] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase()
      .trim();
    const pageTitle = title.split(" > ")[0].toLowerCase();
    if (!anchor && query && pageTitle.includes(query)) {
      // Shorter titles that contain the query are more likely to be about it.
      return score + Math.round((20 * query.length) / pageTitle.length);
    }
    return score;
  },

  // Sphinx's defaults (sphinx/themes/basic/static/searchtools.js).
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {
    0: 15,
    1: 5,
    2: -5,
  },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
