package dev.perfgate.marketplace.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;

/**
 * A Lucene index with one document per package (its latest version), in {@code search-index/} of the home
 * directory. Each commit records the registry sequence number it reflects, so that opening the marketplace can tell
 * whether the index is in step with the registry and rebuild it when it is not (after a crash between the two).
 *
 * <p>Scoring: BM25 over name (boost {@value #NAME_BOOST}), title and tags ({@value #TITLE_BOOST}) and description
 * (1), each query word a SHOULD clause. A query equal to a package's name or id adds a constant
 * {@value #EXACT_BOOST}, which no BM25 score reaches, so the exact match ranks first.
 */
public final class SearchIndex implements AutoCloseable {

    private static final float NAME_BOOST = 4f;
    private static final float TITLE_BOOST = 2f;
    private static final float EXACT_BOOST = 10_000f;
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[._-]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String SEQUENCE = "registry.sequence";

    private static final String ID = "id";
    private static final String ID_EXACT = "id_exact";
    private static final String NAME_EXACT = "name_exact";
    private static final String NAME = "name";
    private static final String TITLE = "title";
    private static final String DESCRIPTION = "description";
    private static final String TAGS = "tags";
    private static final String TAG = "tag";
    private static final String CATEGORY = "category";
    private static final String LICENSE = "license";
    private static final String DOWNLOADS = "downloads";
    private static final String STARS = "stars";
    private static final String UPDATED = "updated";

    private static final SortField BY_DOWNLOADS = new SortField(DOWNLOADS, SortField.Type.LONG, true);
    private static final SortField BY_ID = new SortField(ID, SortField.Type.STRING);

    private final Directory directory;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Function<PackageId, Optional<PackageMetadata>> latest;

    private SearchIndex(Directory directory, Function<PackageId, Optional<PackageMetadata>> latest) throws IOException {
        this.directory = directory;
        this.latest = latest;
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(128);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /**
     * Opens (or creates) the index in {@code path}.
     *
     * @param latest the registry's latest version of a package: a hit's details come from there, not from Lucene's
     *               stored fields, whose decompression (a whole block per document) cost milliseconds per page
     */
    public static SearchIndex open(Path path, Function<PackageId, Optional<PackageMetadata>> latest) {
        try {
            return new SearchIndex(FSDirectory.open(path), latest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + path, e);
        }
    }

    /** The registry sequence number of the last commit, or -1 when the index has never been committed. */
    public long committedSequence() {
        String sequence = writer.getLiveCommitData() == null ? null : liveCommitData().get(SEQUENCE);
        return sequence == null ? -1 : Long.parseLong(sequence);
    }

    private Map<String, String> liveCommitData() {
        Map<String, String> data = new java.util.HashMap<>();
        writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
        return data;
    }

    /** Replaces the whole index with these packages' latest versions and commits it as {@code sequence}. */
    public void rebuild(Iterable<PackageMetadata> latestVersions, long sequence) {
        try {
            writer.deleteAll();
            for (PackageMetadata metadata : latestVersions) {
                writer.addDocument(document(metadata));
            }
            commit(sequence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild the search index", e);
        }
    }

    /**
     * Indexes a package's new latest version, or removes the package when it has none (every version yanked), and
     * commits as {@code sequence}. Searches see the change when this returns.
     */
    public void update(PackageId id, Optional<PackageMetadata> latest, long sequence) {
        try {
            if (latest.isPresent()) {
                writer.updateDocument(new Term(ID, id.toString()), document(latest.get()));
            } else {
                writer.deleteDocuments(new Term(ID, id.toString()));
            }
            commit(sequence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index for " + id, e);
        }
    }

    /**
     * Indexes many packages' latest versions (an import) and commits once as {@code sequence}.
     *
     * @param added   packages not in the index yet: added without the delete-by-id an update costs
     * @param changed packages that may be in the index: replaced
     */
    public void addAll(Iterable<PackageMetadata> added, Iterable<PackageMetadata> changed, long sequence) {
        try {
            for (PackageMetadata metadata : added) {
                writer.addDocument(document(metadata));
            }
            for (PackageMetadata metadata : changed) {
                writer.updateDocument(new Term(ID, metadata.id().toString()), document(metadata));
            }
            commit(sequence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    private void commit(long sequence) throws IOException {
        writer.setLiveCommitData(Map.of(SEQUENCE, Long.toString(sequence)).entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    private Document document(PackageMetadata metadata) {
        Document doc = new Document();
        String id = metadata.id().toString();
        doc.add(new StringField(ID, id, Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
        doc.add(new StringField(ID_EXACT, id, Field.Store.NO));
        doc.add(new StringField(NAME_EXACT, metadata.id().name(), Field.Store.NO));
        // "web-framework", "json.parser", "date_utils": each part is a word of its own
        doc.add(new TextField(NAME, NAME_SEPARATORS.matcher(metadata.id().name()).replaceAll(" ") + " "
                + NAME_SEPARATORS.matcher(metadata.id().namespace()).replaceAll(" "), Field.Store.NO));
        doc.add(new TextField(TITLE, metadata.manifest().title(), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION, metadata.manifest().description(), Field.Store.NO));
        doc.add(new TextField(TAGS, String.join(" ", metadata.manifest().tags()).replace('-', ' '), Field.Store.NO));
        for (String tag : metadata.manifest().tags()) {
            doc.add(new StringField(TAG, tag, Field.Store.NO));
        }
        for (String category : metadata.manifest().categories()) {
            doc.add(new StringField(CATEGORY, category, Field.Store.NO));
        }
        doc.add(new StringField(LICENSE, metadata.manifest().license().toLowerCase(Locale.ROOT), Field.Store.NO));
        addLong(doc, DOWNLOADS, metadata.downloads());
        addLong(doc, STARS, metadata.stars());
        addLong(doc, UPDATED, metadata.updatedAt().toEpochMilli());
        return doc;
    }

    private static void addLong(Document doc, String field, long value) {
        doc.add(new LongPoint(field, value));
        doc.add(new NumericDocValuesField(field, value));
    }

    /** Runs the search against the latest committed state. */
    public SearchResults search(SearchQuery query) {
        Query lucene = query(query);
        Sort sort = switch (query.sort()) {
            case RELEVANCE -> query.text().isEmpty() ? new Sort(BY_DOWNLOADS, BY_ID)
                    : new Sort(SortField.FIELD_SCORE, BY_DOWNLOADS, BY_ID);
            case DOWNLOADS -> new Sort(BY_DOWNLOADS, BY_ID);
            case STARS -> new Sort(new SortField(STARS, SortField.Type.LONG, true), BY_DOWNLOADS, BY_ID);
            case UPDATED -> new Sort(new SortField(UPDATED, SortField.Type.LONG, true), BY_DOWNLOADS, BY_ID);
            case NAME -> new Sort(BY_ID);
        };
        boolean scored = query.sort() == SortOrder.RELEVANCE && !query.text().isEmpty();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(lucene, query.offset() + query.limit(), sort, scored);
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                List<SearchHit> hits = new ArrayList<>(query.limit());
                ScoreDoc[] docs = top.scoreDocs;
                for (int i = query.offset(); i < docs.length; i++) {
                    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i].doc, leaves));
                    SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID);
                    if (!ids.advanceExact(docs[i].doc - leaf.docBase)) {
                        continue;
                    }
                    PackageId id = PackageId.parse(ids.lookupOrd(ids.ordValue()).utf8ToString());
                    float score = scored ? docs[i].score : Float.NaN;
                    // empty only when a yank raced this search; the next search no longer finds it
                    latest.apply(id).ifPresent(m -> hits.add(hit(m, score)));
                }
                return new SearchResults(query, top.totalHits.value,
                        top.totalHits.relation == TotalHits.Relation.EQUAL_TO, hits);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        }
    }

    private Query query(SearchQuery query) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        List<String> words = words(query.text());
        if (words.isEmpty()) {
            builder.add(new MatchAllDocsQuery(), Occur.MUST);
        } else {
            BooleanQuery.Builder text = new BooleanQuery.Builder();
            for (String word : words) {
                text.add(new BoostQuery(new TermQuery(new Term(NAME, word)), NAME_BOOST), Occur.SHOULD);
                text.add(new BoostQuery(new TermQuery(new Term(TITLE, word)), TITLE_BOOST), Occur.SHOULD);
                text.add(new BoostQuery(new TermQuery(new Term(TAGS, word)), TITLE_BOOST), Occur.SHOULD);
                text.add(new TermQuery(new Term(DESCRIPTION, word)), Occur.SHOULD);
                int edits = word.length() <= 3 ? 0 : word.length() <= 6 ? 1 : 2;
                if (query.fuzzy() && edits > 0) {
                    // below the exact words: a typo should find the package, not outrank the spelled-out one
                    text.add(new BoostQuery(new FuzzyQuery(new Term(NAME, word), edits, 1), NAME_BOOST / 4),
                            Occur.SHOULD);
                    text.add(new BoostQuery(new FuzzyQuery(new Term(TITLE, word), edits, 1), TITLE_BOOST / 4),
                            Occur.SHOULD);
                    text.add(new BoostQuery(new FuzzyQuery(new Term(TAGS, word), edits, 1), TITLE_BOOST / 4),
                            Occur.SHOULD);
                }
            }
            String exact = query.text().toLowerCase(Locale.ROOT);
            text.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(NAME_EXACT, exact))), EXACT_BOOST),
                    Occur.SHOULD);
            if (exact.contains(" ")) {
                // "web framework" is how people type the name web-framework
                text.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(
                        new Term(NAME_EXACT, WHITESPACE.matcher(exact).replaceAll("-")))), EXACT_BOOST), Occur.SHOULD);
            }
            text.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(ID_EXACT, exact))), EXACT_BOOST),
                    Occur.SHOULD);
            builder.add(text.build(), Occur.MUST);
        }
        for (String tag : query.tags()) {
            builder.add(new TermQuery(new Term(TAG, tag)), Occur.FILTER);
        }
        for (String category : query.categories()) {
            builder.add(new TermQuery(new Term(CATEGORY, category)), Occur.FILTER);
        }
        if (!query.license().isEmpty()) {
            builder.add(new TermQuery(new Term(LICENSE, query.license().toLowerCase(Locale.ROOT))), Occur.FILTER);
        }
        if (query.minDownloads() > 0) {
            builder.add(LongPoint.newRangeQuery(DOWNLOADS, query.minDownloads(), Long.MAX_VALUE), Occur.FILTER);
        }
        if (query.minStars() > 0) {
            builder.add(LongPoint.newRangeQuery(STARS, query.minStars(), Long.MAX_VALUE), Occur.FILTER);
        }
        return builder.build();
    }

    private List<String> words(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream(DESCRIPTION, NAME_SEPARATORS.matcher(text).replaceAll(" "))) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && words.size() < 32) {
                if (!words.contains(term.toString())) {
                    words.add(term.toString());
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen when analysing a string", e);
        }
        return words;
    }

    private static SearchHit hit(PackageMetadata m, float score) {
        return new SearchHit(m.id(), m.version(), m.manifest().title(), m.manifest().description(), m.manifest().tags(),
                m.manifest().categories(), m.manifest().license(), m.downloads(), m.stars(), m.updatedAt(), score);
    }

    /** How many packages the index holds. */
    public int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        }
    }

    @Override
    public void close() {
        try (directory; writer; searchers) {
            // closing in reverse order of opening: searchers, writer, directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        }
    }
}
