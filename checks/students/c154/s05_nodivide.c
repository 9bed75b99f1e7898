/* Machine Learning CW2 - backward pass
 *
 * Gradients of the softmax loss back through both layers.  The 1/N for the
 * mean over the batch is already in the loss, so it is not needed again
 * here.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1;
    int D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k;
    double s;

    /* dL/dz2 : softmax output minus the one-hot labels */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double target = (y[i] == (size_t) k) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) - target);
        }
    }

    /* dL/dW2 = p1^T . dz2, plus the regularisation */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* dL/db2 */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dL/dp1 = dz2 . W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dL/dz1 - relu derivative is 1 for positive inputs, else 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dL/dW1 = X^T . dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* dL/db1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
