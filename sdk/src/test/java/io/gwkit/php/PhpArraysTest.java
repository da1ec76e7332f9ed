package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhpArraysTest {

    private static PhpArray un(String s) {
        return (PhpArray) PhpSerializer.unserialize(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String ser(Object v) {
        return new String(PhpSerializer.serialize(v), StandardCharsets.UTF_8);
    }

    @Test
    void listsMergeByIndexAndNewKeysAreAppended() {
        // php -r 'echo serialize(array_replace_recursive(["x"=>1,"y"=>[1,2,["z"=>1]]], ["y"=>[9],"n"=>2]));'
        PhpArray base = un("a:2:{s:1:\"x\";i:1;s:1:\"y\";a:3:{i:0;i:1;i:1;i:2;i:2;a:1:{s:1:\"z\";i:1;}}}");
        PhpArray repl = un("a:2:{s:1:\"y\";a:1:{i:0;i:9;}s:1:\"n\";i:2;}");
        assertEquals("a:3:{s:1:\"x\";i:1;s:1:\"y\";a:3:{i:0;i:9;i:1;i:2;i:2;a:1:{s:1:\"z\";i:1;}}s:1:\"n\";i:2;}",
                ser(PhpArrays.arrayReplaceRecursive(base, repl)));
        assertEquals("a:2:{s:1:\"x\";i:1;s:1:\"y\";a:3:{i:0;i:1;i:1;i:2;i:2;a:1:{s:1:\"z\";i:1;}}}", ser(base));
    }

    @Test
    void scalarsReplaceArraysAndArraysReplaceScalars() {
        // php -r 'echo serialize(array_replace_recursive(["a"=>[1],"b"=>2,"c"=>["k"=>1]], ["a"=>"s","b"=>[3],"c"=>["k"=>[1]]]));'
        PhpArray base = un("a:3:{s:1:\"a\";a:1:{i:0;i:1;}s:1:\"b\";i:2;s:1:\"c\";a:1:{s:1:\"k\";i:1;}}");
        PhpArray repl = un("a:3:{s:1:\"a\";s:1:\"s\";s:1:\"b\";a:1:{i:0;i:3;}s:1:\"c\";a:1:{s:1:\"k\";a:1:{i:0;i:1;}}}");
        assertEquals("a:3:{s:1:\"a\";s:1:\"s\";s:1:\"b\";a:1:{i:0;i:3;}s:1:\"c\";a:1:{s:1:\"k\";a:1:{i:0;i:1;}}}",
                ser(PhpArrays.arrayReplaceRecursive(base, repl)));
    }

    @Test
    void emptySides() {
        PhpArray a = un("a:1:{i:5;s:1:\"5\";}");
        assertEquals(ser(a), ser(PhpArrays.arrayReplaceRecursive(a, new PhpArray())));
        assertEquals(ser(a), ser(PhpArrays.arrayReplaceRecursive(new PhpArray(), a)));
    }
}
