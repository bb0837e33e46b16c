package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlWriterTest {
  private final JunitXmlWriter writer = new JunitXmlWriter();

  private Document parse(RunReport report) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(writer.render(report).getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static Element testcase(Document doc, String name) {
    return elements(doc, "testcase").stream().filter(e -> e.getAttribute("name").equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void oneTestcasePerCriterionAndPerSession() throws Exception {
    RunReport report = SeedRun.failedRun();
    Document doc = parse(report);
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("test-1.3-lost-start");
    assertThat(elements(doc, "testcase")).hasSize(report.criteria().size() + report.sessions().size()).hasSize(9);
    assertThat(suite.getAttribute("tests")).isEqualTo("9");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("timestamp")).isEqualTo("2025-11-22T05:23:00");
    assertThat(elements(doc, "failure")).hasSize(2);
  }

  @Test
  void failedCriterionCarriesTheActualValue() throws Exception {
    Element rate = testcase(parse(SeedRun.failedRun()), "running.rate == 100%");
    assertThat(rate.getAttribute("classname")).isEqualTo("test-1.3-lost-start.criteria");
    Element failure = (Element) rate.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("actual 80% (4 of 5), expected == 100%");
    Element passed = testcase(parse(SeedRun.failedRun()), "podReady p95 < 30s");
    assertThat(passed.getElementsByTagName("failure").getLength()).isZero();
  }

  @Test
  void failedSessionCarriesItsDiagnosisCodeAndEvidence() throws Exception {
    Element s0001 = testcase(parse(SeedRun.failedRun()), "s0001");
    assertThat(s0001.getAttribute("classname")).isEqualTo("test-1.3-lost-start.sessions");
    Element failure = (Element) s0001.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("start-command-lost");
    assertThat(failure.getAttribute("message")).isEqualTo("start-command-lost at provisioned");
    assertThat(failure.getTextContent().lines().toList()).isEqualTo(SeedRun.LOST_EVIDENCE);
    assertThat(testcase(parse(SeedRun.failedRun()), "s0002").getElementsByTagName("failure").getLength()).isZero();
  }

  @Test
  void passedRunHasNoFailure() throws Exception {
    Document doc = parse(SeedRun.passedRun());
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(elements(doc, "testcase")).hasSize(9);
  }

  @Test
  void runErroredBeforeAnySessionHasOneFailingTestcaseNamingTheError() throws Exception {
    Document doc = parse(SeedRun.erroredRun());
    assertThat(elements(doc, "testcase")).hasSize(1);
    assertThat(doc.getDocumentElement().getAttribute("errors")).isEqualTo("1");
    Element error = elements(doc, "error").get(0);
    assertThat(error.getParentNode().getAttributes().getNamedItem("name").getNodeValue()).isEqualTo("run");
    assertThat(error.getAttribute("message"))
        .isEqualTo("platform unreachable: https://streamspace.example.com (connection refused)");
  }

  @Test
  void markupQuotesAndControlCharactersStayWellFormed() throws Exception {
    List<SessionResult> sessions = new ArrayList<>(SeedRun.sessions());
    SessionResult s = sessions.get(0);
    String evil = "answered 500: <html a=\"b\">&amp; ]]> \u0001\u001b[0m done";
    sessions.set(0, new SessionResult(s.id(), s.platformSession(), 1, "node-1", SeedRun.AGENT, Outcome.FAILED,
        Phase.PROVISIONED, new Diagnosis("api-error\"<x>", List.of(evil)), s.phasesMillis(), null, s.startedAt()));
    Document doc = parse(SeedRun.builder(sessions).build());
    Element failure = (Element) testcase(doc, "s0001").getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("api-error\"<x>");
    assertThat(failure.getTextContent())
        .isEqualTo("answered 500: <html a=\"b\">&amp; ]]> \uFFFD\uFFFD[0m done");
  }
}
