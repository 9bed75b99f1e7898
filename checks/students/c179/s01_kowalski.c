/* Projekt 2 - propagacja wsteczna w sieci dwuwarstwowej
 * Jan Kowalski, grupa 3, Metody Sztucznej Inteligencji 2023/24
 *
 * Wszystko na petlach, zeby bylo widac co sie dzieje. */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t liczba_probek = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double suma;

    if (liczba_probek != cache->N || X->size2 != D || g->N != liczba_probek)
        return 1;

    /* 1. blad na wyjsciu: dz2 = (softmax - onehot(y)) / N */
    for (i = 0; i < liczba_probek; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p -= 1.0;
            gsl_matrix_set(g->dz2, i, k, p / liczba_probek);
        }
    }

    /* 2. gradient wag W2 (H x C) = p1^T * dz2 + 2*reg*W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            suma = 0.0;
            for (i = 0; i < liczba_probek; i++)
                suma += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, suma + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* 3. db2 = suma dz2 po probkach (po wierszach) */
    for (k = 0; k < C; k++) {
        suma = 0.0;
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, suma);
    }

    /* 4. dp1 = dz2 * W2^T  (N x H) */
    for (i = 0; i < liczba_probek; i++) {
        for (j = 0; j < H; j++) {
            suma = 0.0;
            for (k = 0; k < C; k++)
                suma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, suma);
        }
    }

    /* 5. przez ReLU: przepuszczamy tylko tam gdzie z1 > 0 */
    for (i = 0; i < liczba_probek; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* 6. gradient wag W1 (D x H) = X^T * dz1 + 2*reg*W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            suma = 0.0;
            for (k = 0; k < liczba_probek; k++)
                suma += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, suma + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        suma = 0.0;
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
