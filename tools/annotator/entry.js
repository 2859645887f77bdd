// What the portal's review pages use of @apache-annotator/dom, as one global (window.ApacheAnnotator):
// selections described as W3C TextQuote/TextPosition selectors, selectors found again, text highlighted.
export {
  describeTextQuote,
  createTextQuoteSelectorMatcher,
  describeTextPosition,
  createTextPositionSelectorMatcher,
  highlightText,
} from '@apache-annotator/dom';
