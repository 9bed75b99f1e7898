import numpy as np


class TwoLayerNet(object):
    # Summed (not averaged) softmax loss; L2 on every parameter incl. biases.

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1 = self.params['W1']
        b1 = self.params['b1']
        W2 = self.params['W2']
        b2 = self.params['b2']
        N = X.shape[0]
        C = W2.shape[1]

        h1 = np.dot(X, W1) + b1
        a1 = np.maximum(0, h1)
        out = np.dot(a1, W2) + b2
        if y is None:
            return out

        onehot = np.zeros((N, C))
        onehot[np.arange(N), y] = 1
        out_shift = out - np.max(out, axis=1).reshape(-1, 1)
        log_sum = np.log(np.sum(np.exp(out_shift), axis=1)).reshape(-1, 1)
        log_p = out_shift - log_sum
        loss = -np.sum(onehot * log_p)
        loss += reg * sum(np.sum(w * w) for w in self.params.values())

        dout = np.exp(log_p) - onehot
        dW2 = np.dot(a1.T, dout)
        db2 = np.sum(dout, axis=0)
        da1 = np.dot(dout, W2.T)
        dh1 = da1 * (h1 > 0)
        dW1 = np.dot(X.T, dh1)
        db1 = np.sum(dh1, axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        for k in grads:
            grads[k] = grads[k] + 2 * reg * self.params[k]
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
