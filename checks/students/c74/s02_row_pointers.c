/* backward pass, hw3 part 2
 * I do everything with gsl_matrix_ptr to get a pointer to the start of a
 * row, then index the row like a normal C array.  Faster than get/set and
 * easier to read (for me). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (n = 0; n < N; n++) {
        const double *pr = gsl_matrix_const_ptr(cache->prob, n, 0);
        double *dz = gsl_matrix_ptr(g->dz2, n, 0);
        for (c = 0; c < C; c++)
            dz[c] = (pr[c] - (c == y[n] ? 1.0 : 0.0)) / (double)N;
    }

    /* dW2 and db2: start from the reg term / zero, then add one sample's
     * contribution per row of dz2 */
    for (h = 0; h < H; h++) {
        const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
        double *dw = gsl_matrix_ptr(g->dW2, h, 0);
        for (c = 0; c < C; c++)
            dw[c] = 2.0 * reg * w[c];
    }
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        const double *dz = gsl_matrix_const_ptr(g->dz2, n, 0);
        const double *p = gsl_matrix_const_ptr(cache->p1, n, 0);
        for (h = 0; h < H; h++) {
            double *dw = gsl_matrix_ptr(g->dW2, h, 0);
            for (c = 0; c < C; c++)
                dw[c] += p[h] * dz[c];
        }
        for (c = 0; c < C; c++)
            *gsl_vector_ptr(g->db2, c) += dz[c];
    }

    /* dp1 = dz2 W2^T, dz1 = dp1 where z1 > 0 */
    for (n = 0; n < N; n++) {
        const double *dz = gsl_matrix_const_ptr(g->dz2, n, 0);
        const double *z = gsl_matrix_const_ptr(cache->z1, n, 0);
        double *dp = gsl_matrix_ptr(g->dp1, n, 0);
        double *dh = gsl_matrix_ptr(g->dz1, n, 0);
        for (h = 0; h < H; h++) {
            const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
            double s = 0.0;
            for (c = 0; c < C; c++)
                s += dz[c] * w[c];
            dp[h] = s;
            dh[h] = z[h] > 0.0 ? s : 0.0;
        }
    }

    /* dW1 and db1, same as layer 2 */
    for (d = 0; d < D; d++) {
        const double *w = gsl_matrix_const_ptr(net->W1, d, 0);
        double *dw = gsl_matrix_ptr(g->dW1, d, 0);
        for (h = 0; h < H; h++)
            dw[h] = 2.0 * reg * w[h];
    }
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        const double *x = gsl_matrix_const_ptr(X, n, 0);
        const double *dh = gsl_matrix_const_ptr(g->dz1, n, 0);
        for (d = 0; d < D; d++) {
            double *dw = gsl_matrix_ptr(g->dW1, d, 0);
            for (h = 0; h < H; h++)
                dw[h] += x[d] * dh[h];
        }
        for (h = 0; h < H; h++)
            *gsl_vector_ptr(g->db1, h) += dh[h];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
