# Run by `cmake --install` (app/CMakeLists.txt sets AXL_BIN, AXL_OUT, AXL_DATADIR, AXL_MANDIR):
# the built binary writes its shell completions and man page from its own CLI definitions, and
# they are installed where bash-completion, zsh, fish and man look.
file(MAKE_DIRECTORY "${AXL_OUT}")
function(axl_generate file)
  execute_process(COMMAND "${AXL_BIN}" ${ARGN} -o "${AXL_OUT}/${file}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "axl-docs ${ARGN} failed (${rc}): cannot install ${file}")
  endif()
endfunction()
axl_generate(axl-docs completions bash)
axl_generate(_axl-docs completions zsh)
axl_generate(axl-docs.fish completions fish)
axl_generate(axl-docs.1 man)
set(prefix "${CMAKE_INSTALL_PREFIX}")
file(INSTALL "${AXL_OUT}/axl-docs" DESTINATION "${prefix}/${AXL_DATADIR}/bash-completion/completions")
file(INSTALL "${AXL_OUT}/_axl-docs" DESTINATION "${prefix}/${AXL_DATADIR}/zsh/site-functions")
file(INSTALL "${AXL_OUT}/axl-docs.fish" DESTINATION "${prefix}/${AXL_DATADIR}/fish/vendor_completions.d")
file(INSTALL "${AXL_OUT}/axl-docs.1" DESTINATION "${prefix}/${AXL_MANDIR}/man1")
