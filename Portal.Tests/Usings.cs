global using Notarial.Portal.Tests.Infrastructure;
global using Xunit;
