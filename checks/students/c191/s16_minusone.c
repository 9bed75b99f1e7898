/* backward.c -- two-layer net, backward pass by hand.
 * Loop 1 (samples): dz2 -> db2, dW2, dp1.   Loop 2 (samples): dz1 -> db1, dW1.
 * The per-layer sums are small local arrays, zeroed before each loop. */

#include "backprop.h"

static double relu_grad(double z) { return z > 0.0 ? 1.0 : 0.0; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, a, b;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    {
        double s_W[H][C], s_b[C];

        for (a = 0; a < H; a++)
            for (b = 0; b < C; b++)
                s_W[a][b] = 0.0;
        for (b = 0; b < C; b++)
            s_b[b] = 0.0;

        for (i = 0; i < N; i++) {
            for (b = 0; b < C; b++) {
                double dd = gsl_matrix_get(cache->prob, i, b) / N;
                if (b == y[i])
                    dd -= 1.0;                 /* correct class */
                gsl_matrix_set(g->dz2, i, b, dd);
                s_b[b] += dd;
                for (a = 0; a < H; a++)
                    s_W[a][b] += gsl_matrix_get(cache->p1, i, a) * dd;
            }
            for (a = 0; a < H; a++) {
                double t = 0.0;
                for (b = 0; b < C; b++)
                    t += gsl_matrix_get(g->dz2, i, b) * gsl_matrix_get(net->W2, a, b);
                gsl_matrix_set(g->dp1, i, a, t);
            }
        }
        for (a = 0; a < H; a++)
            for (b = 0; b < C; b++)
                gsl_matrix_set(g->dW2, a, b, s_W[a][b] + 2.0 * reg * gsl_matrix_get(net->W2, a, b));
        for (b = 0; b < C; b++)
            gsl_vector_set(g->db2, b, s_b[b]);
    }

    {
        double s_W[D][H], s_b[H];

        for (a = 0; a < D; a++)
            for (b = 0; b < H; b++)
                s_W[a][b] = 0.0;
        for (b = 0; b < H; b++)
            s_b[b] = 0.0;

        for (i = 0; i < N; i++) {
            for (b = 0; b < H; b++) {
                double dd = gsl_matrix_get(g->dp1, i, b) * relu_grad(gsl_matrix_get(cache->z1, i, b));
                gsl_matrix_set(g->dz1, i, b, dd);
                s_b[b] += dd;
                for (a = 0; a < D; a++)
                    s_W[a][b] += gsl_matrix_get(X, i, a) * dd;
            }
        }
        for (a = 0; a < D; a++)
            for (b = 0; b < H; b++)
                gsl_matrix_set(g->dW1, a, b, s_W[a][b] + 2.0 * reg * gsl_matrix_get(net->W1, a, b));
        for (b = 0; b < H; b++)
            gsl_vector_set(g->db1, b, s_b[b]);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
