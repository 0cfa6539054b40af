using BLoRA.Training.Data.Spam;

namespace BLoRA.Training.Tests.Data.Spam;

public sealed class EmailTextTests
{
    [Fact]
    public void Keeps_the_subject_and_plain_body_and_drops_other_headers_and_the_mbox_line()
    {
        const string raw = "From someone@example.com  Tue Aug  6 11:51:02 2002\n" +
            "Return-Path: <someone@example.com>\nReceived: from a by b\nSubject: Meeting at noon\n" +
            "Content-Type: text/plain; charset=us-ascii\n\nSee you   there.\nBring\tthe slides.\n";

        var (subject, body) = EmailText.Extract(raw);

        Assert.Equal("Meeting at noon", subject);
        Assert.Equal("See you there. Bring the slides.", body);
    }

    [Fact]
    public void Decodes_quoted_printable_base64_and_encoded_word_subjects()
    {
        const string raw = "Subject: =?iso-8859-1?Q?Caf=E9_offer?=\nMIME-Version: 1.0\n" +
            "Content-Type: multipart/alternative; boundary=\"XX\"\n\n--XX\n" +
            "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n" +
            "Caf=E9 cr=E8me, soft=\nbreak\n--XX\n" +
            "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n" +
            "PGh0bWw+PGI+SFRNTCB2ZXJzaW9uPC9iPjwvaHRtbD4=\n--XX--\n";

        var (subject, body) = EmailText.Extract(raw);

        Assert.Equal("Café offer", subject);
        // text/plain is preferred over the HTML alternative.
        Assert.Equal("Café crème, softbreak", body);
    }

    [Fact]
    public void Html_only_bodies_are_reduced_to_visible_text_and_attachments_are_dropped()
    {
        var raw = "Subject: Win\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n" +
            "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n" +
            Base64("<html><head><style>p{color:red}</style></head><body><p>Cheap&nbsp;pills</p><script>x()</script>" +
                "<!-- hidden --><a href=\"http://x\">Click &amp; save</a></body></html>") + "\n--B\n" +
            "Content-Type: text/plain; name=\"a.txt\"\nContent-Disposition: attachment; filename=\"a.txt\"\n\nATTACHED TEXT\n--B--\n";

        var (subject, body) = EmailText.Extract(raw);

        Assert.Equal("Win", subject);
        Assert.Equal("Cheap pills Click & save", body); // &nbsp; collapses like any white space
    }

    [Fact]
    public void Strip_removes_tags_comments_scripts_and_decodes_entities()
    {
        var text = HtmlText.Strip("<div>a<br>b</div><!-- c --><script>d</script><STYLE>e</STYLE>&lt;f&gt;");

        Assert.DoesNotContain("<div>", text, StringComparison.Ordinal);
        Assert.Equal("a b <f>", BLoRA.Training.Data.Spam.EmailText.Collapse(text));
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
