@echo off
rem scanpath: the ScanPath command line on Windows. The installer puts this folder on the
rem user PATH. ScanPath.exe runs the CLI as plain Node (ELECTRON_RUN_AS_NODE): no window.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\ScanPath.exe" "%~dp0..\resources\app.asar\out\main\cli.js" %*
endlocal & exit /b %ERRORLEVEL%
