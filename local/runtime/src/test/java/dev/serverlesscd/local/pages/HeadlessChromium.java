package dev.serverlesscd.local.pages;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The system's Chromium, headless, driven by the system's chromedriver (see {@link ChromiumAvailable}). */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** A browser with its own profile in {@code userData} and nothing it would fetch for itself. */
    static WebDriver start(Path userData) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumAvailable.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1100,1000",
                "--user-data-dir=" + userData.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(ChromiumAvailable.CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** A screenshot of what {@code browser} shows, as {@code target/screenshots/<name>.png}. */
    static void screenshot(WebDriver browser, String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(PagesBrowserTest.SCREENSHOTS);
        Files.copy(file, PagesBrowserTest.SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
