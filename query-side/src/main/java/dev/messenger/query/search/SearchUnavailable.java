package dev.messenger.query.search;

/** OpenSearch cannot answer now; everything else keeps working and the index catches up later. */
public class SearchUnavailable extends RuntimeException {

    public SearchUnavailable(Throwable cause) {
        super("search is unavailable", cause);
    }
}
