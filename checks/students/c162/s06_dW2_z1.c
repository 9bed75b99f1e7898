/* backward.c
 * Backpropagation for the two layer network.
 * Forward was: z1 = XW1 + b1, a1 = relu(z1), z2 = a1W2 + b2, softmax loss.
 * Chain rule applied layer by layer from the loss backwards.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* grad of weight = (input to layer)^T * (grad of layer output) + 2*reg*W */
static void weight_grad(const gsl_matrix *in, const gsl_matrix *dout,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t a, b, n;
    for (a = 0; a < dW->size1; a++)
        for (b = 0; b < dW->size2; b++) {
            double acc = 0.0;
            for (n = 0; n < in->size1; n++)
                acc += gsl_matrix_get(in, n, a) * gsl_matrix_get(dout, n, b);
            gsl_matrix_set(dW, a, b, acc + 2.0 * reg * gsl_matrix_get(W, a, b));
        }
}

/* grad of bias = sum of dout over the batch */
static void bias_grad(const gsl_matrix *dout, gsl_vector *db)
{
    size_t n, b;
    for (b = 0; b < db->size; b++) {
        double acc = 0.0;
        for (n = 0; n < dout->size1; n++)
            acc += gsl_matrix_get(dout, n, b);
        gsl_vector_set(db, b, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* loss layer */
    for (n = 0; n < N; n++)
        for (k = 0; k < C; k++) {
            double d = gsl_matrix_get(cache->prob, n, k);
            if (k == y[n])
                d -= 1.0;
            gsl_matrix_set(g->dz2, n, k, d / (double)N);
        }

    /* layer 2: input to this layer is the hidden layer z1 */
    weight_grad(cache->z1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* gradient flowing back into the hidden activations */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, acc);
        }

    /* relu */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, n, j,
                           gsl_matrix_get(cache->z1, n, j) > 0.0 ? gsl_matrix_get(g->dp1, n, j) : 0.0);

    /* layer 1 */
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
