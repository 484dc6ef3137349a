; Một Cửa Kiosk for Windows: installs motcua.exe for all users, a Start menu entry, an
; optional start at logon, and an uninstaller. Built by `make windows` with Debian's
; makensis:
;   makensis -DVERSION=0.1.0 -DEXE=path\to\motcua.exe -DOUT=path\to\setup.exe installer.nsi
; The window needs the Microsoft Edge WebView2 runtime (part of Windows 11 and of updated
; Windows 10); the installer says so when it is missing. Data lives per user in
; %LOCALAPPDATA%\motcua and is kept on uninstall.
Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!define PRODUCT "Một Cửa Kiosk"
!define REGKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MotCuaKiosk"
; WebView2 registers its version here (per machine; the per-user key is checked too).
!define WEBVIEW2 "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\MotCua"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Section "Một Cửa Kiosk" SecMain
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "/oname=motcua.exe" "${EXE}"
  File "/oname=README.md" "${README}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\motcua.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Gỡ cài đặt (uninstall).lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${REGKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${REGKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${REGKEY}" "Publisher" "Một Cửa Kiosk"
  WriteRegStr HKLM "${REGKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${REGKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${REGKEY}" "NoRepair" 1
  ReadRegStr $0 HKLM "${WEBVIEW2}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${EndIf}
  ${If} $0 == ""
    MessageBox MB_ICONEXCLAMATION "Máy chưa có Microsoft Edge WebView2 Runtime, cửa sổ kiosk cần nó. Hãy cài WebView2 (Evergreen) rồi mở lại.$\n$\nThe Microsoft Edge WebView2 Runtime is missing; the kiosk window needs it."
  ${EndIf}
SectionEnd

Section "Tự mở khi đăng nhập / start at logon" SecStartup
  SetShellVarContext all
  CreateShortcut "$SMSTARTUP\${PRODUCT}.lnk" "$INSTDIR\motcua.exe"
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMSTARTUP\${PRODUCT}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  Delete "$INSTDIR\motcua.exe"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${REGKEY}"
SectionEnd
