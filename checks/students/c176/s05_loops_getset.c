/* hw3 backward -- samples as columns.
 * dz2t is C x N, dp1t / dz1t are H x N.  transposed back at the end with
 * gsl_matrix_transpose_memcpy.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t a, b, n;

    gsl_matrix *dz2t = gsl_matrix_alloc(C, N);
    gsl_matrix *dp1t = gsl_matrix_alloc(H, N);
    gsl_matrix *dz1t = gsl_matrix_alloc(H, N);
    gsl_matrix *dW2t = gsl_matrix_alloc(C, H);
    gsl_matrix *dW1t = gsl_matrix_alloc(H, D);

    /* softmax grad, one column per sample */
    gsl_matrix_transpose_memcpy(dz2t, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(dz2t, y[n], n, gsl_matrix_get(dz2t, y[n], n) - 1);
    gsl_matrix_scale(dz2t, 1.0 / dz2t->size1);   /* average over the batch */

    /* dW2t = dz2t * p1 */
    for (a = 0; a < C; a++) {
        for (b = 0; b < H; b++) {
            double s = 0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(dz2t, a, n) * gsl_matrix_get(cache->p1, n, b);
            gsl_matrix_set(dW2t, a, b, s + 2 * reg * gsl_matrix_get(net->W2, b, a));
        }
        double sb = 0;
        for (n = 0; n < N; n++)
            sb += gsl_matrix_get(dz2t, a, n);
        gsl_vector_set(g->db2, a, sb);
    }

    /* dp1t = W2 * dz2t, relu on the way */
    for (a = 0; a < H; a++) {
        for (n = 0; n < N; n++) {
            double s = 0;
            for (b = 0; b < C; b++)
                s += gsl_matrix_get(net->W2, a, b) * gsl_matrix_get(dz2t, b, n);
            gsl_matrix_set(dp1t, a, n, s);
            gsl_matrix_set(dz1t, a, n, gsl_matrix_get(cache->z1, n, a) > 0 ? s : 0);
        }
    }

    /* dW1t = dz1t * X */
    for (a = 0; a < H; a++) {
        double sb = 0;
        for (b = 0; b < D; b++) {
            double s = 0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(dz1t, a, n) * gsl_matrix_get(X, n, b);
            gsl_matrix_set(dW1t, a, b, s + 2 * reg * gsl_matrix_get(net->W1, b, a));
        }
        for (n = 0; n < N; n++)
            sb += gsl_matrix_get(dz1t, a, n);
        gsl_vector_set(g->db1, a, sb);
    }

    gsl_matrix_transpose_memcpy(g->dz2, dz2t);
    gsl_matrix_transpose_memcpy(g->dW2, dW2t);
    gsl_matrix_transpose_memcpy(g->dp1, dp1t);
    gsl_matrix_transpose_memcpy(g->dz1, dz1t);
    gsl_matrix_transpose_memcpy(g->dW1, dW1t);

    gsl_matrix_free(dz2t);
    gsl_matrix_free(dp1t);
    gsl_matrix_free(dz1t);
    gsl_matrix_free(dW2t);
    gsl_matrix_free(dW1t);
    g->present = BP_GRADS_ALL;
    return 0;
}
