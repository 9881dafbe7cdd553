"""What the tests share: the recording mocks (mocks), the programs they run (programs and one
module per kind, whose import installs that kind's provider answers), and the vendor-schema
walks. Test modules import from here, never from each other."""
