; ScanPath NSIS additions (electron-builder includes build/installer.nsh by default): puts the
; `scanpath` command (bin\scanpath.cmd) on the PATH at install and takes it off at uninstall.
; bin\ is on the PATH, not the install folder: there `scanpath` would find ScanPath.exe first.

!include "WinMessages.nsh"
!include "WordFunc.nsh"

; PATH values longer than NSIS strings can hold are left alone (a truncated PATH written back
; would lose the user's other entries); the installer says so and how to add the folder by hand.
!macro scanpathPathEdit ROOT KEY OP
  ClearErrors
  ReadRegStr $0 ${ROOT} "${KEY}" "Path"
  StrLen $1 $0
  StrLen $2 "$INSTDIR\bin"
  IntOp $1 $1 + $2
  IntOp $1 $1 + 2
  ${If} $1 >= ${NSIS_MAX_STRLEN}
    DetailPrint "PATH is too long to edit safely: add or remove $INSTDIR\bin by hand."
  ${Else}
    !if "${OP}" == "+"
      ${WordAdd} "$0" ";" "+$INSTDIR\bin" $0
    !else
      ${un.WordAdd} "$0" ";" "-$INSTDIR\bin" $0
    !endif
    ${If} $0 == ""
      DeleteRegValue ${ROOT} "${KEY}" "Path"
    ${Else}
      WriteRegExpandStr ${ROOT} "${KEY}" "Path" "$0"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}
!macroend

!define SCANPATH_USER_ENV "Environment"
!define SCANPATH_MACHINE_ENV "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"

; An all-users install edits the machine PATH, a per-user install the user's own.
!macro customInstall
  ${If} $installMode == "all"
    !insertmacro scanpathPathEdit HKLM "${SCANPATH_MACHINE_ENV}" "+"
  ${Else}
    !insertmacro scanpathPathEdit HKCU "${SCANPATH_USER_ENV}" "+"
  ${EndIf}
!macroend

!macro customUnInstall
  ${If} $installMode == "all"
    !insertmacro scanpathPathEdit HKLM "${SCANPATH_MACHINE_ENV}" "-"
  ${Else}
    !insertmacro scanpathPathEdit HKCU "${SCANPATH_USER_ENV}" "-"
  ${EndIf}
!macroend
