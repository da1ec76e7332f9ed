package io.gwkit.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --classpath <jar|dir>[:<jar|dir>…]} option (a picocli mixin) and the loading of application classes
 * (a worker's {@code EventHandler}, a gateway's hooks) from those jars: a named class ({@code --app}, {@code --hooks}),
 * or else the one implementation that the jars register for {@link ServiceLoader}
 * ({@code META-INF/services/<interface name>}). The jars are loaded by one class loader whose parent is gw's own,
 * so they see gwkit's API and must not bundle it.
 */
final class ClassPathOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--classpath", paramLabel = "<jar|dir>[:<jar|dir>...]",
            description = "Jars or class directories with your application classes (handler, hooks), separated by ':' "
                    + "(';' on Windows); repeatable. Without --app (--hooks) the one implementation the jars "
                    + "register in META-INF/services is used.")
    List<String> entries = new ArrayList<>();

    private ClassLoader loader;

    /** An application class found on the class path: its name and a new instance per {@code get()}. */
    record AppClass<T>(String name, Supplier<T> instances) {
    }

    /** Whether {@code --classpath} was given. */
    boolean isSet() {
        return !entries.isEmpty();
    }

    /**
     * Where application classes come from: the {@code --classpath} jars (gw's own classes first), or gw's own class
     * loader when the option is absent. Created once.
     */
    synchronized ClassLoader classLoader() {
        if (loader == null) {
            ClassLoader parent = ClassPathOption.class.getClassLoader();
            loader = isSet() ? new URLClassLoader("gw-app", urls(), parent) : parent;
            // threads started from here on (the nodes' event loops) inherit it: libraries in the jars that look
            // up their own resources or services through the context class loader find them
            Thread.currentThread().setContextClassLoader(loader);
        }
        return loader;
    }

    /**
     * The application class that implements {@code type}: the class named {@code className} when it is not null,
     * else the single {@link ServiceLoader} provider of {@code type} on the class path. It is instantiated once here,
     * so that a broken class fails at startup; every {@code instances().get()} makes a new instance (one per worker).
     *
     * @param option the option that named the class, for error messages ({@code --app})
     * @param required whether a missing ServiceLoader provider is an error; if not, null is returned for none
     * @throws ParameterException when the class cannot be loaded or instantiated, does not implement {@code type},
     *     or when the class path registers no provider (and one is required) or several (naming them)
     */
    <T> AppClass<T> find(Class<T> type, String className, String option, boolean required) {
        if (className != null) {
            Class<? extends T> cls = load(type, className, option);
            instantiate(type, cls, option);
            return new AppClass<>(cls.getName(), () -> instantiate(type, cls, option));
        }
        List<ServiceLoader.Provider<T>> found;
        try {
            found = ServiceLoader.load(type, classLoader()).stream().toList();
            if (found.size() == 1) {
                ServiceLoader.Provider<T> provider = found.get(0);
                provider.get();
                return new AppClass<>(provider.type().getName(), provider::get);
            }
        } catch (java.util.ServiceConfigurationError e) {
            throw error("cannot load the " + type.getName() + " registered in META-INF/services: " + e.getMessage());
        }
        if (found.isEmpty() && !required) {
            return null;
        }
        String where = isSet() ? "--classpath " + String.join(File.pathSeparator, entries) : "gw's class path";
        if (found.isEmpty()) {
            throw error("no " + type.getName() + " found in " + where + " (META-INF/services/" + type.getName()
                    + "); name the class with " + option + " <class>");
        }
        throw error("several " + type.getName() + " found in " + where + ": "
                + found.stream().map(p -> p.type().getName()).collect(Collectors.joining(", "))
                + "; choose one with " + option + " <class>");
    }

    private <T> Class<? extends T> load(Class<T> type, String className, String option) {
        Class<?> cls;
        try {
            cls = Class.forName(className, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw error(option + " " + className + ": class not found in "
                    + (isSet() ? "--classpath " + String.join(File.pathSeparator, entries) : "gw's class path"
                    + " (add your jar with --classpath)") + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
        if (!type.isAssignableFrom(cls)) {
            throw error(option + " " + className + " does not implement " + type.getName());
        }
        return cls.asSubclass(type);
    }

    private <T> T instantiate(Class<T> type, Class<? extends T> cls, String option) {
        try {
            return type.cast(cls.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw error(option + " " + cls.getName() + " has no public no-argument constructor");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw error(option + " " + cls.getName() + ": its constructor threw " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw error(option + " " + cls.getName() + " cannot be instantiated: " + e);
        }
    }

    private URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            for (String part : entry.split(File.pathSeparator)) {
                if (part.isEmpty()) {
                    continue;
                }
                Path path = Path.of(part);
                if (!Files.exists(path)) {
                    throw error("--classpath " + part + ": no such file or directory");
                }
                try {
                    urls.add(path.toUri().toURL()); // a directory's URI ends with '/', as URLClassLoader needs
                } catch (MalformedURLException e) {
                    throw error("--classpath " + part + ": " + e.getMessage());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    private ParameterException error(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
