/* HW: backward pass, C version of my numpy code.
 * Row pointers for everything so each pass is one loop over n. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW(m, r) ((m)->data + (r) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, f;
    const double *pr, *a, *x, *z;
    double *dz, *dp, *dh;
    double *sW2, *sb2, *sW1, *sb1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    sW2 = calloc(H * C + C + D * H + H, sizeof *sW2);
    if (!sW2)
        return 1;
    sb2 = sW2 + H * C;
    sW1 = sb2 + C;
    sb1 = sW1 + D * H;

    /* pass 1 */
    for (n = 0; n < N; n++) {
        pr = ROW(cache->prob, n);
        a = ROW(cache->p1, n);
        dz = ROW(g->dz2, n);
        dp = ROW(g->dp1, n);
        for (c = 0; c < C; c++) {
            dz[c] = pr[c] / N;
            sb2[c] += dz[c];
        }
        dz[y[n]] -= 1.0 / N;
        sb2[y[n]] -= 1.0 / N;
        for (h = 0; h < H; h++) {
            dp[h] = 0;
            for (c = 0; c < C; c++) {
                dp[h] += dz[c] * gsl_matrix_get(net->W2, h, c);
                sW2[h * C + c] += a[h] * dz[c];
            }
        }
    }

    /* pass 2 */
    for (n = 0; n < N; n++) {
        x = ROW(X, n);
        z = ROW(cache->z1, n);
        dh = ROW(g->dz1, n);
        for (h = 0; h < H; h++) {
            dh[h] = z[h] > 0 ? dp[h] : 0;
            sb1[h] += dh[h];
            for (f = 0; f < D; f++)
                sW1[f * H + h] += x[f] * dh[h];
        }
    }

    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, sW2[h * C + c] + 2 * reg * gsl_matrix_get(net->W2, h, c));
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, sb2[c]);
    for (f = 0; f < D; f++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, f, h, sW1[f * H + h] + 2 * reg * gsl_matrix_get(net->W1, f, h));
    for (h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, sb1[h]);

    free(sW2);
    g->present = BP_GRADS_ALL;
    return 0;
}
