package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.Timings;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole control plane as one verticle: every piece of state (sessions, agents, commands, VNC viewers) lives on its
 * event loop, so nothing is locked. Builds the parts, routes the REST and WebSocket endpoints, and runs the hub,
 * ping and reconciler timers, all cancelled on undeploy.
 */
final class ControlPlaneVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneVerticle.class);
  static final long BODY_LIMIT_BYTES = 1024 * 1024;

  private final SandboxConfig config;
  private final SandboxSecrets secrets;
  private final Faults faults;
  private final GroundTruth truth;
  private final Random random;
  private final List<Long> timers = new ArrayList<>();
  private HttpServer server;
  private AgentHub hub;
  private VncProxy vnc;

  ControlPlaneVerticle(SandboxConfig config, SandboxSecrets secrets, Faults faults, GroundTruth truth, Random random) {
    this.config = config;
    this.secrets = secrets;
    this.faults = faults;
    this.truth = truth;
    this.random = random;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Timings timings = config.timings();
    Ids ids = new Ids(random);
    Accounts accounts = new Accounts(secrets.adminPassword(), config.users());
    AuthApi auth = new AuthApi(vertx, accounts, secrets.jwtSecret(), timings.tokenTtl());
    TemplateCatalog catalog = new TemplateCatalog();
    SessionStore sessions = new SessionStore();
    CommandLog commandLog = new CommandLog();
    AgentRegistry registry = new AgentRegistry(secrets.agentKeys(), truth, faults);
    hub = new AgentHub(registry, truth, timings);
    CommandDispatcher dispatcher = new CommandDispatcher(context, hub, truth, timings.commandQueueCapacity(),
        timings.commandWorkers(), List.of(DispatchRule.whileDisconnected(faults), DispatchRule.dropStartCommand(faults)));
    vnc = new VncProxy(auth, sessions, hub);
    hub.messageHandler(new AgentMessageHandler(hub, registry, sessions, commandLog, vnc, truth));
    hub.onConnected(dispatcher::agentConnected);
    hub.onDisconnected(vnc::agentGone);
    SessionCommands commands = new SessionCommands(commandLog, dispatcher, ids);
    AgentSelector selector = new AgentSelector(registry, hub, sessions, timings.selectionWindow());
    SessionsApi sessionsApi = new SessionsApi(sessions, catalog, selector, commands, truth, ids, config.namespace(),
        config.maxSessionsPerUser());
    AgentsApi agentsApi = new AgentsApi(registry, ids);
    SessionReconciler reconciler = new SessionReconciler(sessions, hub, commands, ids, timings);
    SandboxAdminApi sandbox = new SandboxAdminApi(truth, faults, commandLog,
        secrets.agentKeys().size());

    Router router = Router.router(vertx);
    routes(router, auth, catalog, sessionsApi, agentsApi, sandbox);
    errors(router);

    timers.add(vertx.setPeriodic(timings.hubCheckInterval().toMillis(), id -> hub.check()));
    timers.add(vertx.setPeriodic(timings.wsPingInterval().toMillis(), id -> hub.ping()));
    timers.add(vertx.setPeriodic(timings.reconcilerInterval().toMillis(), id -> reconciler.reconcile()));
    reconciler.reconcile();

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxWebSocketFrameSize(512 * 1024)
        .setMaxWebSocketMessageSize(512 * 1024)
        // a dropped agent is often dead: do not wait the default 10 s for its close frame before closing TCP
        .setWebSocketClosingTimeout(1);
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
      server = s;
      LOG.info("control plane listening on http://{}:{} ({} agent key(s), {} account(s))", config.host(),
          s.actualPort(), secrets.agentKeys().size(), config.users().size() + 1);
    });
  }

  private void routes(Router router, AuthApi auth, TemplateCatalog catalog, SessionsApi sessionsApi,
                      AgentsApi agentsApi, SandboxAdminApi sandbox) {
    // WebSocket upgrades must reach their handler unread; a method-restricted body route would turn every
    // unknown GET path into a 405, so the check is done here instead
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
    router.route().handler(ctx -> {
      // the truth's createRequested/deleteRequested: when the request reached the platform, not when it was handled
      Replies.stampArrival(ctx);
      if (ctx.request().method() == HttpMethod.GET || ctx.request().canUpgradeToWebSocket()) {
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });

    router.get("/health").handler(ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "healthy")));
    router.get("/version").handler(ctx -> Replies.json(ctx, 200,
        new JsonObject().put("version", "v2.0.0-beta.1").put("apiVersion", "v1").put("platform", "kubernetes")
            .put("sandbox", true)));

    router.post("/api/v1/auth/login").handler(auth::login);
    router.post("/api/v1/agents/register").handler(agentsApi::register);
    router.get("/api/v1/agents/connect").handler(hub::connect);
    router.get("/api/v1/vnc/:sessionId").handler(vnc::connect);

    router.route("/api/v1/sessions*").handler(auth::requireUser);
    router.route("/api/v1/templates*").handler(auth::requireUser);
    router.route("/api/v1/admin/*").handler(auth::requireUser).handler(auth::requireAdmin);

    router.get("/api/v1/sessions").handler(sessionsApi::list);
    router.post("/api/v1/sessions").handler(sessionsApi::create);
    router.get("/api/v1/sessions/:id").handler(sessionsApi::get);
    router.delete("/api/v1/sessions/:id").handler(sessionsApi::delete);
    router.put("/api/v1/sessions/:id/hibernate").handler(sessionsApi::hibernate);
    router.put("/api/v1/sessions/:id/wake").handler(sessionsApi::wake);
    router.get("/api/v1/sessions/:id/connect").handler(sessionsApi::connect);
    router.post("/api/v1/sessions/:id/connect").handler(sessionsApi::connect);

    router.get("/api/v1/templates").handler(ctx -> Replies.json(ctx, 200, catalog.list(
        ctx.request().getParam("category"), ctx.request().getParam("search"), ctx.queryParam("tags"),
        ctx.request().getParam("sort"), ctx.request().getParam("featured"))));
    router.get("/api/v1/templates/:id").handler(ctx -> catalog.template(ctx.pathParam("id")).ifPresentOrElse(
        t -> Replies.json(ctx, 200, t.toJson()),
        () -> Replies.error(ctx, 404, "Template not found", "Template '" + ctx.pathParam("id") + "' does not exist in the catalog")));

    router.get("/api/v1/admin/agents").handler(agentsApi::list);
    router.get("/api/v1/admin/agents/:agentId").handler(agentsApi::get);
    router.delete("/api/v1/admin/agents/:agentId").handler(agentsApi::delete);

    router.route("/sandbox/v1/*").handler(sandbox::loopbackOnly);
    router.get("/sandbox/v1/truth").handler(sandbox::truth);
    router.get("/sandbox/v1/faults").handler(sandbox::listFaults);
    router.post("/sandbox/v1/faults").handler(sandbox::addFault);
    router.delete("/sandbox/v1/faults").handler(sandbox::clearFaults);
    router.delete("/sandbox/v1/faults/:id").handler(sandbox::removeFault);
    router.get("/sandbox/v1/commands").handler(sandbox::listCommands);
    router.get("/sandbox/v1/commands/:id").handler(sandbox::getCommand);
  }

  /** Router failures answer in the platform's JSON shape; an unexpected exception is logged, never echoed. */
  private static void errors(Router router) {
    router.errorHandler(404, ctx -> Replies.error(ctx, 404, "Not found", "no route for " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> Replies.error(ctx, 405, "Method not allowed", ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(413, ctx -> Replies.error(ctx, 413, "Request entity too large", "request body exceeds " + BODY_LIMIT_BYTES + " bytes"));
    router.errorHandler(400, ctx -> Replies.error(ctx, 400, "Bad request", "the request could not be read"));
    router.errorHandler(500, ControlPlaneVerticle::internalError);
  }

  private static void internalError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    LOG.error("unexpected error on {} {}", ctx.request().method(), ctx.request().path(), failure);
    Replies.error(ctx, 500, "Internal server error", "unexpected error");
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    vnc.closeAll();
    return hub.closeAll().eventually(() -> server == null ? Future.succeededFuture() : server.close());
  }
}
