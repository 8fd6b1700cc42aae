// Registers cdktf's jest matchers (toHaveResourceWithProperties & co.; property keys are snake_case).
import { Testing } from 'cdktf';

Testing.setupJest();
