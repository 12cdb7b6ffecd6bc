package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.Requirements;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as a person uses it, in headless Chromium: draw a "1" and a "0" with the mouse and
 * read what the page says. Screenshots go to target/browser-*.png. Without Debian's chromium and
 * chromium-driver: skipped locally, failed in CI ({@link Requirements}).
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");
    static WebServerFixture web;
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Requirements.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "headless Chromium and its driver (/usr/bin/chromium, /usr/bin/chromedriver)",
                "apt-get install chromium chromium-driver");
        web = new WebServerFixture(null);
        profile = Files.createTempDirectory("digitnet-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1100,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (web != null) {
            web.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Pointer strokes: points relative to the canvas centre, in CSS pixels. */
    static void draw(WebElement pad, List<int[]> points) {
        Actions a = new Actions(driver).moveToElement(pad, points.get(0)[0], points.get(0)[1]).clickAndHold();
        for (int i = 1; i < points.size(); i++) {
            a.moveByOffset(points.get(i)[0] - points.get(i - 1)[0], points.get(i)[1] - points.get(i - 1)[1]);
        }
        a.release().perform();
    }

    static List<int[]> one() {
        List<int[]> p = new java.util.ArrayList<>();
        for (int y = -95; y <= 95; y += 10) {
            p.add(new int[] {5 - y / 20, y});     // a slight slant, like a hand-drawn 1
        }
        return p;
    }

    static List<int[]> zero() {
        List<int[]> p = new java.util.ArrayList<>();
        for (int deg = -90; deg <= 290; deg += 10) {
            double t = Math.toRadians(deg);
            p.add(new int[] {(int) Math.round(60 * Math.cos(t)), (int) Math.round(90 * Math.sin(t))});
        }
        return p;
    }

    String readDigit(String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("prediction"), expected));
        return driver.findElement(By.id("prediction")).getText();
    }

    void screenshot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void drawnOneAndZeroAreReadAndShownWithWhatTheNetworkSees() throws Exception {
        driver.get(web.uri("/").toString());
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.cssSelector("#gallery .sample")).size() > 0);
        WebElement pad = driver.findElement(By.id("pad"));
        assertThat(driver.findElement(By.id("prediction")).getText()).isEqualTo("?");

        draw(pad, one());
        assertThat(readDigit("1")).isEqualTo("1");
        assertThat(driver.findElements(By.cssSelector("#bars .bar-row"))).hasSize(10);
        // the bars are redrawn by every answer to a stroke still in flight: read them once they stay
        String topBar = new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#bar-1.top")).getText());
        assertThat(topBar).contains("%");
        screenshot("browser-1.png");
        assertThat(inkSeen()).isGreaterThan(10);

        driver.findElement(By.id("clear")).click();
        assertThat(driver.findElement(By.id("prediction")).getText()).isEqualTo("?");
        assertThat(inkSeen()).isZero();

        draw(pad, zero());
        assertThat(readDigit("0")).isEqualTo("0");
        screenshot("browser-0.png");
        assertThat(driver.findElement(By.id("maps-section")).isDisplayed()).isFalse();   // a perceptron has no maps
        assertThat(driver.findElements(By.cssSelector("canvas.fmap"))).isEmpty();
    }

    @Test
    void aConvModelsPageDrawsTheFeatureMapsOfTheDrawnDigit() throws Exception {
        try (WebServerFixture conv = new WebServerFixture(new ModelService(FeatureMapsTest.asModel(FeatureMapsTest.convModel()), null, null), null)) {
            driver.get(conv.uri("/").toString());
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(d -> d.findElement(By.id("maps-section")).isDisplayed());
            draw(driver.findElement(By.id("pad")), one());
            // conv 6x28x28, maxpool 6x14x14, conv 20x12x12 (16 drawn), avgpool 20x6x6 (16 drawn)
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(d -> d.findElements(By.cssSelector("canvas.fmap")).size() == 6 + 6 + 16 + 16);
            assertThat(driver.findElements(By.cssSelector("#maps .map-layer"))).hasSize(4);
            assertThat(driver.findElement(By.cssSelector("#maps .map-layer[data-layer='3'] .sub")).getText())
                    .isEqualTo("layer 3, conv: 20x12x12 (first 16 channels)");
            Object levels = driver.executeScript("const c = document.querySelector('#maps .map-layer canvas.fmap');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const s = new Set();"
                    + "for (let i = 0; i < d.length; i += 4) s.add(d[i]); return [c.width, c.height, s.size];");
            List<?> v = (List<?>) levels;
            assertThat(((Number) v.get(0)).intValue()).isEqualTo(28);
            assertThat(((Number) v.get(1)).intValue()).isEqualTo(28);
            assertThat(((Number) v.get(2)).intValue()).as("grey levels in the first map").isGreaterThan(10);
            screenshot("browser-maps.png");
            driver.findElement(By.id("clear")).click();
            assertThat(driver.findElements(By.cssSelector("canvas.fmap"))).isEmpty();
        }
    }

    /** Pixels with ink in the 28x28 preview the page drew from the server's answer. */
    long inkSeen() {
        Object n = driver.executeScript("const d = document.getElementById('seen').getContext('2d')"
                + ".getImageData(0, 0, 28, 28).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 60) n++; return n;");
        return ((Number) n).longValue();
    }
}
